using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    public static readonly string[] WithReminders = [ModuleKeys.Agreements, ModuleKeys.NetworkMemberships, ModuleKeys.Reminders];

    /// <summary>Runs <paramref name="work"/> with the services of a DI scope whose tenant is <paramref name="tenant"/>.</summary>
    public Task<T> InTenantScopeAsync<T>(TenantInfo tenant, Func<IServiceProvider, Task<T>> work) =>
        services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, work);

    /// <summary>Today in the tenant's time zone (the sweep's day).</summary>
    public static DateOnly TodayIn(TenantInfo tenant) => ReminderSweep.TodayIn(tenant, DateTimeOffset.UtcNow);

    /// <summary>An agreement whose next review is <paramref name="daysAhead"/> days after the tenant's today (null: no date).</summary>
    public Task<Agreement> AddAgreementReviewedInAsync(
        TenantInfo tenant, string title, int? daysAhead, AgreementStatus status = AgreementStatus.Active, Guid? responsible = null) =>
        InTenantAsync(tenant, async db =>
        {
            var agreement = new Agreement
            {
                Title = title, Kind = AgreementKind.TwinningOath, Status = status, ResponsibleUserId = responsible,
                NextReviewOn = daysAhead is { } days ? TodayIn(tenant).AddDays(days) : null,
            };
            db.Add(agreement);
            await db.SaveChangesAsync();
            return agreement;
        });

    /// <summary>Saves the tenant's rule for <paramref name="subject"/> (the defaults, changed by <paramref name="change"/>).</summary>
    public Task SaveReminderRuleAsync(TenantInfo tenant, ReminderSubject subject, Action<ReminderRule> change) =>
        InTenantAsync(tenant, async db =>
        {
            var rule = await db.Set<ReminderRule>().FirstOrDefaultAsync(r => r.Subject == subject);
            if (rule is null)
            {
                rule = new ReminderRule { Subject = subject };
                db.Add(rule);
            }
            change(rule);
            await db.SaveChangesAsync();
            return rule;
        });

    /// <summary>The sweep, now, inside the tenant (as its job runs it); the mail jobs it enqueues run in the app's worker.</summary>
    public Task<SweepResult> SweepRemindersAsync(TenantInfo tenant) =>
        services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, sp => sp.GetRequiredService<ReminderSweep>().SweepAsync());

    public Task<List<ReminderDelivery>> DeliveriesAsync(TenantInfo tenant) =>
        InTenantAsync(tenant, db => db.Set<ReminderDelivery>().AsNoTracking().OrderBy(d => d.DueOn).ThenBy(d => d.ItemTitle).ToListAsync());

    /// <summary>Waits until no delivery of the tenant is still planned (their mail jobs ran), and returns them all.</summary>
    public async Task<List<ReminderDelivery>> SettledDeliveriesAsync(TenantInfo tenant, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var all = await DeliveriesAsync(tenant);
            if (all.All(d => d.State != ReminderDeliveryState.Planned))
            {
                return all;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Deliveries still planned: {string.Join(", ", all.Where(d => d.State == ReminderDeliveryState.Planned).Select(d => d.ItemTitle))}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Switches a module of the tenant on or off, as the operator's page does, and returns the tenant as the app now sees it.</summary>
    public async Task<TenantInfo> SetModuleAsync(TenantInfo tenant, string module, bool on)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.Tenants.Include(t => t.Modules).SingleAsync(t => t.Id == tenant.Id);
            row.Modules.RemoveAll(m => m.ModuleKey == module);
            if (on)
            {
                row.Modules.Add(new TenantModule { ModuleKey = module });
            }
            await db.SaveChangesAsync();
        }
        var catalog = services.GetRequiredService<TenantCatalog>();
        catalog.Invalidate();
        return (await catalog.FindByIdAsync(tenant.Id))!;
    }
}

using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Reminders;

/// <summary>
/// Renewal reminders: per-tenant rules, a daily sweep at the tenant's local hour, mails sent by durable
/// jobs, and the reminder history of each item. A tenant without the module has no sweep schedule, and
/// any reminder job still queued for it cancels its mail.
/// </summary>
public sealed class RemindersModule : PlatformModule
{
    public override string Key => ModuleKeys.Reminders;

    public override IEnumerable<string> PageFolders => ["/Admin/Reminders"];

    public override IEnumerable<MenuEntry> StaffMenu => [new("/admin/reminders", "staff.nav.reminders")];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReminderRules>();
        services.AddScoped<ReminderSweep>();
        services.AddJobHandler<ReminderSweep>(ReminderSweep.Kind);
        services.AddJobHandler<ReminderMail>(ReminderMail.Kind);
        services.AddSingleton<IRecurringJobSource, ReminderSweepSchedules>();
    }
}

/// <summary>One daily sweep per tenant with the module: "0 H * * *" in the tenant's time zone, H its chosen hour.</summary>
public sealed class ReminderSweepSchedules : IRecurringJobSource
{
    public string KeyPrefix => $"{ReminderSweep.Kind}/";

    public static string KeyOf(Guid tenantId) => $"{ReminderSweep.Kind}/{tenantId:N}";

    public async Task<IReadOnlyList<RecurringJob>> DesiredAsync(IServiceProvider services, TenantInfo? only, CancellationToken ct)
    {
        var tenants = (only is not null ? [only] : await services.GetRequiredService<TenantCatalog>().AllAsync(ct))
            .Where(t => t.IsActive && t.HasModule(ModuleKeys.Reminders)).ToList();
        if (tenants.Count == 0)
        {
            return [];
        }
        var hours = new Dictionary<Guid, int>();
        foreach (var tenant in tenants)
        {
            // Settings are tenant-owned: read each inside its tenant, like everything else.
            hours[tenant.Id] = await services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, async sp =>
                await sp.GetRequiredService<AppDbContext>().Set<ReminderSettings>().Select(s => (int?)s.SweepHour).FirstOrDefaultAsync(ct) ?? ReminderSettings.DefaultSweepHour);
        }
        return tenants.Select(t => new RecurringJob(KeyOf(t.Id), t.Id, ReminderSweep.Kind, $"0 {hours[t.Id]} * * *", t.TimeZoneId)).ToList();
    }
}

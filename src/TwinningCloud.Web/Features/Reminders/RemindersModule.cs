using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Cli;
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

    public override IEnumerable<MenuEntry> StaffMenu => [new("/admin/reminders", "staff.nav.reminders")];

    public override IEnumerable<CliCommand> Commands =>
        [new("reminders-sweep", "run the reminders sweep now (--tenant SLUG or --all); the mails go out through the job workers", ReminderCommands.SweepRemindersAsync)];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReminderRules>();
        services.AddScoped<ReminderSweep>();
        services.AddJobHandler<ReminderSweep>(ReminderSweep.Kind);
        services.AddJobHandler<ReminderMail>(ReminderMail.Kind);
        services.AddSingleton<IDailyJobSource, ReminderSweepSchedules>();
    }
}

/// <summary>
/// One daily sweep per active tenant with the module, at its chosen hour in its time zone. Read afresh at each
/// tick of <see cref="DailySchedules"/>: the tenants from the catalog and every tenant's hour in one query.
/// </summary>
public sealed class ReminderSweepSchedules : IDailyJobSource
{
    public static string KeyOf(Guid tenantId) => $"{ReminderSweep.Kind}/{tenantId:N}";

    public async Task<IReadOnlyList<DailyJob>> AllAsync(IServiceProvider services, CancellationToken ct)
    {
        var tenants = (await services.GetRequiredService<TenantCatalog>().AllAsync(ct))
            .Where(t => t.IsActive && t.HasModule(ModuleKeys.Reminders)).ToList();
        if (tenants.Count == 0)
        {
            return [];
        }
        // Platform work across tenants: the settings' tenant filter is lifted for this one read-only query.
        var hours = await services.GetRequiredService<AppDbContext>().Set<ReminderSettings>()
            .IgnoreQueryFilters([AppDbContext.TenantFilter]).AsNoTracking()
            .ToDictionaryAsync(s => s.TenantId, s => s.SweepHour, ct);
        return tenants.Select(t => new DailyJob(KeyOf(t.Id), t.Id, ReminderSweep.Kind, hours.GetValueOrDefault(t.Id, ReminderSettings.DefaultSweepHour), 0, t.TimeZoneId)).ToList();
    }

    /// <summary>When the tenant's next sweep runs (its settings' hour, in its time zone).</summary>
    public static async Task<DateTimeOffset> NextSweepAsync(AppDbContext db, TenantInfo tenant, DateTimeOffset now, CancellationToken ct)
    {
        var hour = await db.Set<ReminderSettings>().Select(s => (int?)s.SweepHour).FirstOrDefaultAsync(ct) ?? ReminderSettings.DefaultSweepHour;
        return DailySchedules.Next(hour, 0, TimeZones.FindOrUtc(tenant.TimeZoneId), now);
    }
}

/// <summary>The reminders' command-line command.</summary>
internal static class ReminderCommands
{
    /// <summary>
    /// <c>reminders-sweep --tenant SLUG</c> or <c>--all</c>: the sweep, now, inside each tenant's context; prints one line a tenant:
    /// <c>slug: N planned, N cancelled, N mail jobs in N ms</c>.
    /// </summary>
    public static async Task<int> SweepRemindersAsync(IServiceProvider services, string[] args)
    {
        List<TenantInfo> targets;
        if (args.Contains("--all"))
        {
            targets = (await services.GetRequiredService<TenantCatalog>().AllAsync())
                .Where(t => t.IsActive && t.HasModule(ModuleKeys.Reminders)).OrderBy(t => t.Slug).ToList();
        }
        else
        {
            var tenant = await CommandLine.RequireTenantAsync(services, args);
            if (tenant is null)
            {
                return 2;
            }
            if (!tenant.HasModule(ModuleKeys.Reminders))
            {
                await Console.Error.WriteLineAsync($"The reminders module is switched off for '{tenant.Slug}'.");
                return 2;
            }
            targets = [tenant];
        }
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        foreach (var tenant in targets)
        {
            var watch = Stopwatch.StartNew();
            var result = await scopes.RunInTenantAsync(tenant, sp => sp.GetRequiredService<ReminderSweep>().SweepAsync());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{tenant.Slug}: {result.Planned} planned, {result.Cancelled} cancelled, {result.JobsEnqueued} mail jobs in {watch.Elapsed.TotalMilliseconds:F0} ms"));
        }
        return 0;
    }
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Cli;

/// <summary>Operator commands of the job engine and the reminders.</summary>
internal static class JobCommands
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

    /// <summary><c>jobs-failed [--tenant SLUG]</c>: failed (retry planned) and dead jobs, newest first, with their last error.</summary>
    public static async Task<int> ListFailedJobsAsync(IServiceProvider services, string[] args)
    {
        Guid? tenantId = null;
        if (args.Contains("--tenant"))
        {
            var tenant = await CommandLine.RequireTenantAsync(services, args);
            if (tenant is null)
            {
                return 2;
            }
            tenantId = tenant.Id;
        }
        var slugs = (await services.GetRequiredService<TenantCatalog>().AllAsync()).ToDictionary(t => t.Id, t => t.Slug);
        var db = services.GetRequiredService<AppDbContext>();
        var jobs = await db.Jobs.AsNoTracking()
            .Where(j => (j.State == JobState.Failed || j.State == JobState.Dead) && (tenantId == null || j.TenantId == tenantId))
            .OrderByDescending(j => j.Id).Take(500).ToListAsync();
        foreach (var j in jobs)
        {
            var tenant = j.TenantId is { } id ? slugs.GetValueOrDefault(id, id.ToString()) : "(platform)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{j.Id,8} {j.State.ToString().ToLowerInvariant(),-6} {tenant,-20} {j.Kind,-22} attempts {j.Attempts}/{j.MaxAttempts}  {j.Label}"));
            Console.WriteLine($"         {j.LastError}");
        }
        Console.WriteLine($"{jobs.Count} failed or dead jobs.");
        return 0;
    }
}

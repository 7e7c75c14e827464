using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Cli;

/// <summary>Operator commands of the job engine.</summary>
internal static class JobCommands
{
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

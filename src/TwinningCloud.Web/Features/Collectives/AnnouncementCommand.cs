using System.Diagnostics;
using System.Globalization;
using TwinningCloud.Web.Platform.Cli;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// <c>collectives-announce --tenant SLUG --collective ID [--subject S]</c>: sends an announcement as staff do (delivery rows
/// and batch jobs; the job workers send the mails). Prints <c>announcement ID: N deliveries, N jobs, queued in N ms</c>.
/// Used by <c>tools/bench/collectives/run</c>.
/// </summary>
public static class AnnouncementCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var tenant = await CommandLine.RequireTenantAsync(services, args);
        var at = Array.IndexOf(args, "--collective");
        if (tenant is null || at < 0 || at + 1 >= args.Length || !Guid.TryParse(args[at + 1], out var collectiveId))
        {
            await Console.Error.WriteLineAsync("Usage: collectives-announce --tenant SLUG --collective ID [--subject S]");
            return 2;
        }
        if (!tenant.HasModule(ModuleKeys.Collectives))
        {
            await Console.Error.WriteLineAsync($"The collectives module is switched off for '{tenant.Slug}'.");
            return 2;
        }
        var s = Array.IndexOf(args, "--subject");
        var subject = s >= 0 && s + 1 < args.Length ? args[s + 1] : "Benchmark " + DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture);
        var watch = Stopwatch.StartNew();
        var announcement = await services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, sp =>
            sp.GetRequiredService<AnnouncementSender>().SendAsync(collectiveId, subject, "Hello **everyone**: a message of the benchmark.", CancellationToken.None));
        var deliveries = await services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, sp =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
                sp.GetRequiredService<TwinningCloud.Web.Platform.Persistence.AppDbContext>().Set<AnnouncementDelivery>(), d => d.AnnouncementId == announcement.Id));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"announcement {announcement.Id}: {deliveries} deliveries, {(deliveries + AnnouncementSender.BatchSize - 1) / AnnouncementSender.BatchSize} jobs, queued in {watch.Elapsed.TotalMilliseconds:F0} ms"));
        return 0;
    }
}

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Tenancy;
using Xunit.Abstractions;

namespace TwinningCloud.Tests.Collectives;

/// <summary>A fact that runs only when <c>BENCH_COLLECTIVES</c> is set (<c>tools/bench/collectives/run</c>): a measurement, not a check of every run.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("BENCH_COLLECTIVES")))
        {
            Skip = "a benchmark: tools/bench/collectives/run";
        }
    }
}

/// <summary>
/// The measure: an announcement to 5,000 confirmed members, every member gets exactly one mail, all handed
/// to the SMTP server (MailDev) within 60 s. Times the send from the staff's click to the last delivery recorded sent.
/// </summary>
public sealed class AnnouncementBench(AppFixture app, ITestOutputHelper output) : AppTest(app)
{
    [BenchFact]
    public async Task An_announcement_to_5000_members_is_handed_to_the_smtp_server_within_60_seconds()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("BENCH_MEMBERS"), out var n) ? n : 5000;
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Bench");
        await Data.InTenantAsync(bagnolet, async db =>
        {
            db.AddRange(Enumerable.Range(0, count).Select(i => new CollectiveMember
            {
                CollectiveId = collective.Id, Email = $"bench{i}@bench.test", Name = $"Bench {i}", Status = MemberStatus.Member,
                Language = i % 2 == 0 ? "fr" : "en", ConsentText = "ok", ConsentVersion = "bench", ConsentedAt = DateTimeOffset.UtcNow,
            }));
            await db.SaveChangesAsync();
            return true;
        });

        var clock = Stopwatch.StartNew();
        var announcement = await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(bagnolet, sp =>
            sp.GetRequiredService<AnnouncementSender>().SendAsync(collective.Id, "Bench " + Guid.NewGuid().ToString("N")[..6], "Hello **everyone**.", CancellationToken.None));
        var queued = clock.Elapsed;
        int sent;
        while (true)
        {
            var states = await Data.InTenantAsync(bagnolet, db => db.Set<AnnouncementDelivery>().Where(d => d.AnnouncementId == announcement.Id)
                .GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
            sent = states.FirstOrDefault(s => s.Key == DeliveryState.Sent)?.Count ?? 0;
            if (states.All(s => s.Key != DeliveryState.Planned) || clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                Assert.Equal(count, states.Sum(s => s.Count));
                break;
            }
            await Task.Delay(250);
        }
        var elapsed = clock.Elapsed;
        var jobs = await Data.InTenantAsync(bagnolet, db => db.Jobs.CountAsync(j => j.Kind == AnnouncementJob.Kind));
        var line = $"BENCH collectives: {count} members, {jobs} jobs of <= {AnnouncementSender.BatchSize}, queued in {queued.TotalSeconds:F1} s, {sent} handed to SMTP in {elapsed.TotalSeconds:F1} s ({sent / elapsed.TotalSeconds:F0} mails/s)";
        output.WriteLine(line);
        await File.AppendAllTextAsync(Path.Combine(RepositoryRoot.Path, ".bench-collectives.txt"), line + Environment.NewLine);
        Assert.Equal(count, sent);
        Assert.True(elapsed < TimeSpan.FromSeconds(60), line);
    }
}

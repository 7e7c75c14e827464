using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Observability;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Operator.VitalSigns;

/// <summary>
/// The platform's vital signs (operator), drawn from the metrics this instance exports (<see cref="MetricsAggregator"/>):
/// towns per state, people active this week, job rows per state (database gauges, read again now), and, since this
/// instance started, mails sent and failed, page cache hits and misses, the busiest towns and the slowest endpoints.
/// </summary>
public sealed class VitalSignsModel(MetricsAggregator metrics, DatabaseGauges gauges, AppDbContext db, TimeProvider clock) : PageModel
{
    public const int SlowestShown = 10;
    public const int TownsShown = 10;

    public IReadOnlyList<(string State, long Count)> Towns { get; private set; } = [];
    public long ActiveUsers { get; private set; }
    public IReadOnlyList<(string State, long Count)> Jobs { get; private set; } = [];
    public long MailsSent { get; private set; }
    public long MailsFailedPermanent { get; private set; }
    public long MailsFailedTransient { get; private set; }
    public long CacheHits { get; private set; }
    public long CacheMisses { get; private set; }
    public IReadOnlyList<(string Town, long Requests)> BusiestTowns { get; private set; } = [];
    public IReadOnlyList<RouteTiming> Slowest { get; private set; } = [];
    public DateTimeOffset Since => metrics.Since;
    public DateTimeOffset? ReadAt => gauges.ReadAt;

    public async Task OnGetAsync()
    {
        await gauges.RefreshAsync(db, clock, HttpContext.RequestAborted);
        metrics.Collect();
        Towns = ByTag("twinning.towns", "state", ["active", "preparation", "suspended"]);
        ActiveUsers = metrics.Sum("twinning.users.active");
        Jobs = ByTag("twinning.jobs.rows", "state", ["queued", "running", "succeeded", "failed", "dead", "cancelled"]);
        MailsSent = metrics.Sum("twinning.mails.sent");
        MailsFailedPermanent = metrics.Sum("twinning.mails.failed", "failure", "permanent");
        MailsFailedTransient = metrics.Sum("twinning.mails.failed", "failure", "transient");
        CacheHits = metrics.Sum("twinning.page_cache.hits");
        CacheMisses = metrics.Sum("twinning.page_cache.misses");
        BusiestTowns = metrics.Read("twinning.http.requests")
            .Where(s => s.Tags.TryGetValue(TwinningMetrics.TownTag, out var t) && t != TwinningMetrics.NoTown)
            .GroupBy(s => s.Tags[TwinningMetrics.TownTag])
            .Select(g => (g.Key, g.Sum(s => s.Value)))
            .OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal).Take(TownsShown).ToList();
        Slowest = metrics.Slowest(SlowestShown);
    }

    private List<(string, long)> ByTag(string instrument, string tag, string[] order)
    {
        var values = metrics.Read(instrument).Where(s => s.Tags.ContainsKey(tag)).ToDictionary(s => s.Tags[tag], s => s.Value);
        return order.Select(o => (o, values.GetValueOrDefault(o))).ToList();
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>
/// The platform's own metrics (meter <see cref="MeterName"/>) and its trace source (<see cref="ActivitySourceName"/>),
/// each measurement tagged with the town (<see cref="TownTag"/>: the town's address name, or <c>platform</c> for work
/// outside any town). Exported to Prometheus and OTLP by <see cref="ObservabilitySetup"/> and read in-process by
/// <see cref="MetricsAggregator"/> for the operator's vital-signs page.
/// </summary>
public sealed class TwinningMetrics
{
    public const string MeterName = "TwinningCloud";
    public const string ActivitySourceName = "TwinningCloud";
    public const string TownTag = "town";
    /// <summary>The town of work done outside any town (platform jobs, the operator's pages, probes).</summary>
    public const string NoTown = "platform";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private readonly Counter<long> _requests;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _jobsEnqueued;
    private readonly Counter<long> _jobsSucceeded;
    private readonly Counter<long> _jobsFailed;
    private readonly Counter<long> _mailsSent;
    private readonly Counter<long> _mailsFailed;
    private readonly Counter<long> _remindersPlanned;

    public TwinningMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _requests = Meter.CreateCounter<long>("twinning.http.requests", "{request}", "HTTP requests answered, per town and status class (cache hits included).");
        _cacheHits = Meter.CreateCounter<long>("twinning.page_cache.hits", "{request}", "Public pages served from the page cache, per town.");
        _cacheMisses = Meter.CreateCounter<long>("twinning.page_cache.misses", "{request}", "Public pages rendered because the page cache had no current copy, per town.");
        _jobsEnqueued = Meter.CreateCounter<long>("twinning.jobs.enqueued", "{job}", "Job rows enqueued (new idempotency keys only), per kind and town.");
        _jobsSucceeded = Meter.CreateCounter<long>("twinning.jobs.succeeded", "{job}", "Job attempts that succeeded, per kind and town.");
        _jobsFailed = Meter.CreateCounter<long>("twinning.jobs.failed", "{job}", "Job attempts that failed (retried or dead), per kind, town and outcome.");
        _mailsSent = Meter.CreateCounter<long>("twinning.mails.sent", "{mail}", "Mails handed to the SMTP server (or kept in the outbox), per town.");
        _mailsFailed = Meter.CreateCounter<long>("twinning.mails.failed", "{mail}", "Mails not delivered, per town and kind of failure (permanent, transient).");
        _remindersPlanned = Meter.CreateCounter<long>("twinning.reminders.planned", "{reminder}", "Renewal and review reminders planned by the daily sweep, per town.");
    }

    public Meter Meter { get; }

    public static string Town(string? slug) => string.IsNullOrEmpty(slug) ? NoTown : slug;

    public void Request(string? town, int status) =>
        _requests.Add(1, new(TownTag, Town(town)), new("status_class", StatusClass(status)));

    public void PageCacheHit(string? town) => _cacheHits.Add(1, new KeyValuePair<string, object?>(TownTag, Town(town)));

    public void PageCacheMiss(string? town) => _cacheMisses.Add(1, new KeyValuePair<string, object?>(TownTag, Town(town)));

    public void JobsEnqueued(int count, string kind, string? town)
    {
        if (count > 0)
        {
            _jobsEnqueued.Add(count, new("kind", kind), new(TownTag, Town(town)));
        }
    }

    public void JobSucceeded(string kind, string? town) => _jobsSucceeded.Add(1, new("kind", kind), new(TownTag, Town(town)));

    /// <param name="outcome"><c>retry</c> (another attempt planned), <c>dead</c> or <c>cancelled</c>.</param>
    public void JobFailed(string kind, string? town, string outcome) =>
        _jobsFailed.Add(1, new("kind", kind), new(TownTag, Town(town)), new("outcome", outcome));

    public void MailsSent(int count, string? town)
    {
        if (count > 0)
        {
            _mailsSent.Add(count, new KeyValuePair<string, object?>(TownTag, Town(town)));
        }
    }

    /// <param name="failure"><c>permanent</c> or <c>transient</c>.</param>
    public void MailsFailed(int count, string? town, string failure)
    {
        if (count > 0)
        {
            _mailsFailed.Add(count, new(TownTag, Town(town)), new("failure", failure));
        }
    }

    public void RemindersPlanned(int count, string? town)
    {
        if (count > 0)
        {
            _remindersPlanned.Add(count, new KeyValuePair<string, object?>(TownTag, Town(town)));
        }
    }

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };
}

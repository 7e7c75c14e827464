using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>
/// Gauges read from the database, the same for every instance: towns per state (<c>twinning.towns</c>: active,
/// preparation, suspended), people active in the last 7 days (<c>twinning.users.active</c>: a signed-in request, see
/// <see cref="ActiveUserMiddleware"/>) and job rows per state (<c>twinning.jobs.rows</c>). The values are read by
/// <see cref="RefreshAsync"/> (every <see cref="ObservabilityOptions.GaugeRefreshInterval"/>, and before the
/// vital-signs page is drawn); a scrape reports the last values read.
/// </summary>
public sealed class DatabaseGauges
{
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromDays(7);

    private volatile Snapshot _current = new([], 0, [], null);

    public DatabaseGauges(TwinningMetrics metrics)
    {
        metrics.Meter.CreateObservableGauge<long>("twinning.towns", () => _current.Towns.Select(t => new Measurement<long>(t.Value, new KeyValuePair<string, object?>("state", t.Key))), "{town}", "Towns per state (active, preparation, suspended).");
        metrics.Meter.CreateObservableGauge<long>("twinning.users.active", () => _current.AtAll is null ? [] : [new Measurement<long>(_current.ActiveUsers)], "{person}", "People who used the platform signed in during the last 7 days.");
        metrics.Meter.CreateObservableGauge<long>("twinning.jobs.rows", () => _current.Jobs.Select(j => new Measurement<long>(j.Value, new KeyValuePair<string, object?>("state", j.Key))), "{job}", "Job rows per state.");
    }

    public DateTimeOffset? ReadAt => _current.AtAll;

    public async Task RefreshAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var towns = await db.Tenants.AsNoTracking()
            .GroupBy(t => new { t.Status, t.InPreparation })
            .Select(g => new { g.Key.Status, g.Key.InPreparation, Count = g.LongCount() })
            .ToListAsync(ct);
        var since = now - ActiveWindow;
        var active = await db.Users.LongCountAsync(u => u.LastSeenAt >= since, ct);
        var jobs = await db.Jobs.AsNoTracking().GroupBy(j => j.State).Select(g => new { State = g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var byState = new Dictionary<string, long> { ["active"] = 0, ["preparation"] = 0, ["suspended"] = 0 };
        foreach (var t in towns)
        {
            byState[t.Status == TenantStatus.Suspended ? "suspended" : t.InPreparation ? "preparation" : "active"] += t.Count;
        }
        var jobStates = Enum.GetValues<JobState>().ToDictionary(s => s.ToString().ToLowerInvariant(), _ => 0L);
        foreach (var j in jobs)
        {
            jobStates[j.State.ToString().ToLowerInvariant()] = j.Count;
        }
        _current = new Snapshot(byState, active, jobStates, now);
    }

    private sealed record Snapshot(Dictionary<string, long> Towns, long ActiveUsers, Dictionary<string, long> Jobs, DateTimeOffset? AtAll);
}

/// <summary>Refreshes <see cref="DatabaseGauges"/> in the background (a failed read keeps the last values).</summary>
internal sealed partial class DatabaseGaugeRefresher(IServiceScopeFactory scopes, DatabaseGauges gauges, TimeProvider clock, IOptions<ObservabilityOptions> options, ILogger<DatabaseGaugeRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await gauges.RefreshAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), clock, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRefreshFailed(e.GetType().Name, e.Message);
            }
            try
            {
                await Task.Delay(options.Value.GaugeRefreshInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "Database gauges not refreshed: {ErrorType}: {Error}")]
    private partial void LogRefreshFailed(string errorType, string error);
}

/// <summary>
/// Records when a signed-in person was last seen (<c>users.last_seen_at</c>), at most once an hour per person and
/// instance: the "active users this week" of the vital signs.
/// </summary>
internal sealed class ActiveUserMiddleware(RequestDelegate next, TimeProvider clock)
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _written = new();

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            var now = clock.GetUtcNow();
            if (!_written.TryGetValue(userId, out var last) || now - last >= Every)
            {
                if (_written.Count >= MaxRemembered)
                {
                    _written.Clear();
                }
                _written[userId] = now;
                var db = http.RequestServices.GetRequiredService<AppDbContext>();
                await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSeenAt, now), http.RequestAborted);
            }
        }
        await next(http);
    }
}

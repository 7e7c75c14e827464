using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>A recurring job some feature wants to exist (one per tenant for the reminders sweep).</summary>
public sealed record RecurringJob(string Key, Guid? TenantId, string Kind, string Cron, string TimeZoneId, string Payload = "{}", string? Label = null);

/// <summary>
/// A feature's recurring jobs, all of whose keys start with <see cref="KeyPrefix"/>. The scheduler brings
/// <c>job_schedules</c> in line with <see cref="DesiredAsync"/> (adds, changes, removes) at start, every
/// few minutes (<see cref="JobOptions.ScheduleSyncInterval"/>), and when the feature asks (<see cref="RecurringJobs.SyncAsync"/>).
/// </summary>
public interface IRecurringJobSource
{
    string KeyPrefix { get; }

    /// <summary>
    /// Called in a platform scope (no tenant): the source reads across tenants through the tenant catalog;
    /// with <paramref name="only"/>, just that tenant's schedules (a settings page syncing its own tenant).
    /// </summary>
    Task<IReadOnlyList<RecurringJob>> DesiredAsync(IServiceProvider services, TenantInfo? only, CancellationToken ct);
}

/// <summary>Keeps schedules in line with their sources and enqueues each occurrence once.</summary>
public sealed class RecurringJobs(IServiceScopeFactory scopes, IEnumerable<IRecurringJobSource> sources, TimeProvider clock, ILogger<RecurringJobs> logger)
{
    /// <summary>
    /// Brings every source's schedules in line (or only <paramref name="only"/>'s), for every tenant or only
    /// <paramref name="tenant"/>'s — a settings page syncs its own tenant without reading all the others.
    /// </summary>
    public async Task SyncAsync(Type? only = null, TenantInfo? tenant = null, CancellationToken ct = default)
    {
        foreach (var source in sources.Where(s => only is null || s.GetType() == only))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var desired = (await source.DesiredAsync(scope.ServiceProvider, tenant, ct))
                .Where(d => tenant is null || d.TenantId == tenant.Id).ToDictionary(d => d.Key);
            var prefix = source.KeyPrefix;
            var schedules = db.JobSchedules.Where(s => s.Key.StartsWith(prefix));
            if (tenant is not null)
            {
                schedules = schedules.Where(s => s.TenantId == tenant.Id);
            }
            var existing = await schedules.ToListAsync(ct);
            var now = clock.GetUtcNow();
            foreach (var schedule in existing.Where(s => !desired.ContainsKey(s.Key)))
            {
                db.JobSchedules.Remove(schedule);
            }
            foreach (var want in desired.Values)
            {
                var have = existing.FirstOrDefault(s => s.Key == want.Key);
                if (have is not null && have.Cron == want.Cron && have.TimeZoneId == want.TimeZoneId && have.Payload == want.Payload && have.Kind == want.Kind)
                {
                    continue;
                }
                var next = Next(want.Cron, want.TimeZoneId, now);
                if (next is null)
                {
                    logger.LogWarning("Schedule {Key} ({Cron} in {Zone}) never fires; skipped", want.Key, want.Cron, want.TimeZoneId);
                    continue;
                }
                if (have is null)
                {
                    have = new JobSchedule { Key = want.Key, Kind = want.Kind, Cron = want.Cron, TimeZoneId = want.TimeZoneId };
                    db.JobSchedules.Add(have);
                }
                have.TenantId = want.TenantId;
                have.Kind = want.Kind;
                have.Cron = want.Cron;
                have.TimeZoneId = want.TimeZoneId;
                have.Payload = want.Payload;
                have.NextFireAt = next.Value;
                have.UpdatedAt = now;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e)
            {
                // Another instance synced the same schedules at the same moment; the next sync settles it.
                logger.LogInformation(e, "Schedules of {Prefix} changed concurrently; will sync again", prefix);
            }
        }
    }

    /// <summary>
    /// Enqueues every occurrence due at <paramref name="now"/> and moves each schedule to its next
    /// occurrence. An occurrence is a job with key "schedule@fire time": enqueued once even when several
    /// instances fire at once. After downtime, only the latest missed occurrence runs (once).
    /// </summary>
    public async Task<int> FireDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var due = await db.JobSchedules.Where(s => s.NextFireAt <= now).OrderBy(s => s.NextFireAt).Take(500).ToListAsync(ct);
        var fired = 0;
        foreach (var schedule in due)
        {
            var fireAt = schedule.NextFireAt;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var next = Next(schedule.Cron, schedule.TimeZoneId, fireAt > now ? fireAt : now);
            var moved = await db.JobSchedules.Where(s => s.Key == schedule.Key && s.NextFireAt == fireAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.NextFireAt, next ?? DateTimeOffset.MaxValue.ToUniversalTime())
                    .SetProperty(x => x.LastFiredAt, fireAt), ct);
            if (moved == 1)
            {
                fired += await queue.EnqueueAsync(new JobRequest(schedule.Kind, schedule.Payload)
                {
                    TenantId = schedule.TenantId,
                    RunAt = fireAt,
                    IdempotencyKey = OccurrenceKey(schedule.Key, fireAt),
                    Label = $"{schedule.Cron} ({schedule.TimeZoneId}) {TimeZoneInfo.ConvertTime(fireAt, Zone(schedule.TimeZoneId)):yyyy-MM-dd HH:mm}",
                }, ct) ? 1 : 0;
            }
            await transaction.CommitAsync(ct);
        }
        return fired;
    }

    public static string OccurrenceKey(string scheduleKey, DateTimeOffset fireAt) => $"{scheduleKey}@{fireAt.UtcDateTime:yyyy-MM-ddTHH:mm}Z";

    private static DateTimeOffset? Next(string cron, string zone, DateTimeOffset after) =>
        CronSchedule.TryParse(cron, out var schedule) ? schedule!.Next(after, Zone(zone)) : null;

    private static TimeZoneInfo Zone(string id) => TimeZones.FindOrUtc(id);
}

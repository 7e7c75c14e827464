using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>A job wanted once a day at a local time (the reminders sweep of one tenant, at its hour, in its time zone).</summary>
public sealed record DailyJob(string Key, Guid? TenantId, string Kind, int Hour, int Minute, string TimeZoneId, string Payload = "{}");

/// <summary>A feature's daily jobs, read afresh at every tick (settings changes apply at once, nothing to sync).</summary>
public interface IDailyJobSource
{
    /// <summary>Called in a platform scope (no tenant): reads across tenants in as few queries as it can.</summary>
    Task<IReadOnlyList<DailyJob>> AllAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>
/// One Hangfire recurring job, every minute (<see cref="RecurringId"/>), instead of one recurring job per
/// tenant (ADR 0007): it computes each daily job's latest occurrence in its time zone and enqueues those
/// that fell within the catch-up window (<see cref="JobOptions.ScheduleCatchUp"/>) as job rows with key
/// "key@occurrence", so that an occurrence is enqueued once whatever the number of ticks or instances.
/// Daylight saving: a local time skipped in spring fires at the same distance after the change, a repeated
/// one fires once (its first occurrence).
/// </summary>
public sealed class DailySchedules(IServiceProvider services, IEnumerable<IDailyJobSource> sources, JobQueue queue, AppDbContext db, IOptions<JobOptions> options)
{
    public const string RecurringId = "platform.daily-schedules";

    [JobDisplayName("daily schedules")]
    public async Task TickAsync(CancellationToken ct) => await FireDueAsync(DateTimeOffset.UtcNow, ct);

    /// <summary>Enqueues every occurrence due at <paramref name="now"/> not yet enqueued; returns how many were new.</summary>
    public async Task<int> FireDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var due = new List<JobRequest>();
        foreach (var source in sources)
        {
            foreach (var daily in await source.AllAsync(services, ct))
            {
                var zone = TimeZones.FindOrUtc(daily.TimeZoneId);
                var at = Latest(daily.Hour, daily.Minute, zone, now);
                if (at > now - options.Value.ScheduleCatchUp)
                {
                    due.Add(new JobRequest(daily.Kind, daily.Payload)
                    {
                        TenantId = daily.TenantId,
                        RunAt = at,
                        IdempotencyKey = OccurrenceKey(daily.Key, at),
                        Label = $"{daily.Hour:00}:{daily.Minute:00} ({daily.TimeZoneId}) {TimeZoneInfo.ConvertTime(at, zone):yyyy-MM-dd HH:mm}",
                    });
                }
            }
        }
        var fired = 0;
        foreach (var chunk in due.Chunk(500))
        {
            var keys = chunk.Select(r => r.IdempotencyKey!).ToList();
            var known = (await db.Jobs.Where(j => keys.Contains(j.IdempotencyKey!)).Select(j => j.IdempotencyKey!).ToListAsync(ct)).ToHashSet();
            var fresh = chunk.Where(r => !known.Contains(r.IdempotencyKey!)).ToList();
            fired += fresh.Count == 0 ? 0 : await queue.EnqueueAsync(fresh, ct);
        }
        return fired;
    }

    public static string OccurrenceKey(string key, DateTimeOffset at) => $"{key}@{at.UtcDateTime:yyyy-MM-ddTHH:mm}Z";

    /// <summary>The instant of <paramref name="hour"/>:<paramref name="minute"/> local time on <paramref name="day"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset Occurrence(DateOnly day, int hour, int minute, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // Skipped by a spring change: read with the offset before the change, i.e. the same distance after it.
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            // Repeated by an autumn change: the first occurrence (the larger, summer offset).
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The latest occurrence at or before <paramref name="now"/>.</summary>
    public static DateTimeOffset Latest(int hour, int minute, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var at = Occurrence(today, hour, minute, zone);
        return at <= now ? at : Occurrence(today.AddDays(-1), hour, minute, zone);
    }

    /// <summary>The first occurrence after <paramref name="now"/>.</summary>
    public static DateTimeOffset Next(int hour, int minute, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var at = Occurrence(today, hour, minute, zone);
        return at > now ? at : Occurrence(today.AddDays(1), hour, minute, zone);
    }
}

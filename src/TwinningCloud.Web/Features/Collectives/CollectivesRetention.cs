using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// Job <c>collectives.retention</c>, daily in each town with the module: sign-ups never confirmed are purged after
/// 7 days; the members of a collective archived longer ago than its retention period (12 months by default) are
/// purged, with their links and deliveries. Counts only in the log.
/// </summary>
public sealed partial class CollectivesRetention(AppDbContext db, TenantContext tenantContext, TimeProvider clock, ILogger<CollectivesRetention> logger) : IJobHandler
{
    public const string Kind = "collectives.retention";
    public static readonly TimeSpan UnconfirmedKeptFor = TimeSpan.FromDays(7);

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        if (!tenantContext.Required.HasModule(ModuleKeys.Collectives))
        {
            return;
        }
        var now = clock.GetUtcNow();
        var unconfirmedBefore = now - UnconfirmedKeptFor;
        var stale = await db.Set<CollectiveMember>().Where(m => m.Status == MemberStatus.Unconfirmed && m.CreatedAt < unconfirmedBefore).Select(m => m.Id).Take(10_000).ToListAsync(ct);
        var archived = (await db.Set<Collective>().AsNoTracking() // a job: the public rule is off
                .Where(c => c.IsArchived && c.ArchivedAt != null).Select(c => new { c.Id, c.ArchivedAt, c.RetentionMonths }).ToListAsync(ct))
            .Where(c => c.ArchivedAt!.Value.AddMonths(c.RetentionMonths) < now).Select(c => c.Id).ToList();
        var expired = await db.Set<CollectiveMember>().Where(m => archived.Contains(m.CollectiveId)).Select(m => m.Id).Take(10_000).ToListAsync(ct);
        var ids = stale.Concat(expired).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<CitizenToken>().Where(t => t.MemberId != null && ids.Contains(t.MemberId.Value)).ExecuteDeleteAsync(ct);
        await db.Set<AnnouncementDelivery>().Where(d => ids.Contains(d.MemberId)).ExecuteDeleteAsync(ct);
        var purged = await db.Set<CollectiveMember>().Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
        await db.Set<CitizenToken>().Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        LogPurged(job.Id, stale.Count, expired.Count, purged);
    }

    [LoggerMessage(EventId = 7220, Level = LogLevel.Information, Message = "Job {JobId}: purged {Unconfirmed} unconfirmed sign-up(s) and {Archived} member(s) of archived collectives ({Rows} rows)")]
    private partial void LogPurged(long jobId, int unconfirmed, int archived, int rows);
}

/// <summary>One daily retention run per town with the module, at 03:30 in the town's time zone.</summary>
public sealed class CollectivesRetentionSchedules : IDailyJobSource
{
    public static string KeyOf(Guid tenantId) => $"{CollectivesRetention.Kind}/{tenantId:N}";

    public async Task<IReadOnlyList<DailyJob>> AllAsync(IServiceProvider services, CancellationToken ct) =>
        (await services.GetRequiredService<TenantCatalog>().AllAsync(ct))
            .Where(t => t.IsActive && t.HasModule(ModuleKeys.Collectives))
            .Select(t => new DailyJob(KeyOf(t.Id), t.Id, CollectivesRetention.Kind, 3, 30, t.TimeZoneId))
            .ToList();
}

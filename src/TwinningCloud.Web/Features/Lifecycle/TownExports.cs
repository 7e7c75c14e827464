using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>
/// Exports of a town: asked for by the operator or the town's admin, made by the job <see cref="ExportTownJob"/> (the
/// page shows its progress; one can leave and come back), downloadable for <see cref="KeepFor"/>, then removed by
/// <see cref="PurgeExportsJob"/>.
/// </summary>
public sealed class TownExports(AppDbContext db, JobQueue jobs, TimeProvider clock)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(7);

    /// <summary>Exports listed per town (older ones are still removed at their expiry).</summary>
    public const int MaxListed = 20;

    /// <summary>Asks for an export of the town; when one is already queued or running, that one is returned.</summary>
    public async Task<TenantExport> RequestAsync(Guid tenantId, Guid? userId, bool byOperator, CancellationToken ct)
    {
        if (await db.Set<TenantExport>().AsNoTracking()
                .Where(e => e.TenantId == tenantId && (e.State == ExportState.Queued || e.State == ExportState.Running))
                .FirstOrDefaultAsync(ct) is { } pending)
        {
            return pending;
        }
        var slug = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Slug).SingleAsync(ct);
        var now = clock.GetUtcNow();
        var export = new TenantExport
        {
            TenantId = tenantId, RequestedBy = userId, ByOperator = byOperator, CreatedAt = now,
            FileName = $"{slug}-{now:yyyyMMdd-HHmmss}.zip",
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(export);
        await db.SaveChangesAsync(ct);
        // A platform job (no tenant): it reads the town by its id, so a suspended town can be exported before its deletion.
        await jobs.EnqueueAsync(new JobRequest(ExportTownJob.Kind, new ExportTownJob.Payload(export.Id))
        {
            IdempotencyKey = $"{ExportTownJob.Kind}:{export.Id}", Label = $"Export of {slug}", MaxAttempts = 3,
        }, ct);
        await transaction.CommitAsync(ct);
        return export;
    }

    /// <summary>An export without its content (lists and progress never read the archive).</summary>
    private static readonly System.Linq.Expressions.Expression<Func<TenantExport, TenantExport>> WithoutContent = e => new TenantExport
    {
        Id = e.Id, TenantId = e.TenantId, RequestedBy = e.RequestedBy, ByOperator = e.ByOperator, State = e.State, Progress = e.Progress,
        Error = e.Error, CreatedAt = e.CreatedAt, FinishedAt = e.FinishedAt, ExpiresAt = e.ExpiresAt, FileName = e.FileName, Length = e.Length,
    };

    /// <summary>The town's latest exports, without their content.</summary>
    public Task<List<TenantExport>> ListAsync(Guid tenantId, CancellationToken ct) =>
        db.Set<TenantExport>().AsNoTracking().Where(e => e.TenantId == tenantId).OrderByDescending(e => e.CreatedAt).Take(MaxListed)
            .Select(WithoutContent).ToListAsync(ct);

    /// <summary>One export of the town (without content), or null (another town's, or unknown).</summary>
    public Task<TenantExport?> FindAsync(Guid tenantId, Guid exportId, CancellationToken ct) =>
        db.Set<TenantExport>().AsNoTracking().Where(e => e.TenantId == tenantId && e.Id == exportId).Select(WithoutContent).FirstOrDefaultAsync(ct);

    /// <summary>The archive of a ready, unexpired export of the town, or null.</summary>
    public async Task<(string FileName, byte[] Content)?> DownloadAsync(Guid tenantId, Guid exportId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var found = await db.Set<TenantExport>().AsNoTracking()
            .Where(e => e.TenantId == tenantId && e.Id == exportId && e.State == ExportState.Ready && e.ExpiresAt > now && e.Content != null)
            .Select(e => new { e.FileName, e.Content })
            .FirstOrDefaultAsync(ct);
        return found is null ? null : (found.FileName, found.Content!);
    }
}

/// <summary>Makes one export's archive, keeping its progress on the row.</summary>
public sealed class ExportTownJob(AppDbContext db, TownArchiveWriter writer, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExportTownJob> logger) : IJobHandler
{
    public const string Kind = "lifecycle.export-town";

    public sealed record Payload(Guid ExportId);

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var id = job.Read<Payload>().ExportId;
        var export = await db.Set<TenantExport>().AsNoTracking().Where(e => e.Id == id).Select(e => new { e.TenantId, e.State }).FirstOrDefaultAsync(ct);
        if (export is null || export.State is ExportState.Ready)
        {
            return; // removed meanwhile, or done by an earlier attempt
        }
        await db.Set<TenantExport>().Where(e => e.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, ExportState.Running).SetProperty(e => e.Progress, 0).SetProperty(e => e.Error, (string?)null), ct);
        using var buffer = new MemoryStream();
        // Progress goes through a connection of its own: the writer's is busy reading the town's rows.
        await using var progressScope = scopes.CreateAsyncScope();
        var progressDb = progressScope.ServiceProvider.GetRequiredService<AppDbContext>();
        try
        {
            await writer.WriteAsync(export.TenantId, buffer,
                percent => progressDb.Set<TenantExport>().Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Progress, percent), ct), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && job.Attempt >= job.MaxAttempts)
        {
            LogFailed(logger, e, id);
            await db.Set<TenantExport>().Where(x => x.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, ExportState.Failed).SetProperty(x => x.Error, e.GetType().Name + ": " + Truncate(e.Message)), CancellationToken.None);
            return;
        }
        var content = buffer.ToArray();
        var now = clock.GetUtcNow();
        await db.Set<TenantExport>().Where(e => e.Id == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, ExportState.Ready).SetProperty(e => e.Progress, 100)
                .SetProperty(e => e.Content, content).SetProperty(e => e.Length, content.LongLength)
                .SetProperty(e => e.FinishedAt, now).SetProperty(e => e.ExpiresAt, now + TownExports.KeepFor), ct);
    }

    private static string Truncate(string text) => text.Length <= 1900 ? text : text[..1900];

    private static void LogFailed(ILogger logger, Exception error, Guid exportId) =>
        logger.LogWarning(error, "Town export {ExportId} failed", exportId);
}

/// <summary>Removes the exports whose 7 days have passed (and failed ones as old), every day.</summary>
public sealed class PurgeExportsJob(AppDbContext db, TimeProvider clock) : IJobHandler
{
    public const string Kind = "lifecycle.purge-exports";

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var old = now - TownExports.KeepFor;
        await db.Set<TenantExport>().Where(e => e.ExpiresAt < now || (e.State == ExportState.Failed && e.CreatedAt < old)).ExecuteDeleteAsync(ct);
    }
}

/// <summary>The purge, daily at 03:40 UTC.</summary>
internal sealed class LifecycleDailyJobs : IDailyJobSource
{
    public Task<IReadOnlyList<DailyJob>> AllAsync(IServiceProvider services, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DailyJob>>([new DailyJob("platform.purge-exports", null, PurgeExportsJob.Kind, 3, 40, "UTC")]);
}

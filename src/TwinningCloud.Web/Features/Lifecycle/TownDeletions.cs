using System.Text;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>
/// A town's deletion at the end of the service (GDPR Art. 28(3)(g)): the operator schedules it with a grace period
/// (<see cref="MinGraceDays"/>–<see cref="MaxGraceDays"/> days) and can cancel it until it runs; then
/// <see cref="DeleteTownJob"/> removes every row and document of the town in one transaction — every table of the
/// model that refers to the town, any other table of the database with a <c>…tenant_id</c> column, its jobs (our rows and
/// Hangfire's), its mails in the outbox, its API clients' authorization-server records, the accounts that belonged to
/// it alone — and logs the deletion (a security event, and the <see cref="TenantDeletion"/> record without the town's id).
/// </summary>
public sealed partial class TownDeletions(AppDbContext db, JobQueue jobs, TimeProvider clock, TenantCatalog catalog, ILogger<TownDeletions> logger)
{
    public const int MinGraceDays = 1;
    public const int MaxGraceDays = 90;
    public const int DefaultGraceDays = 30;

    public Task<TenantDeletion?> PendingAsync(Guid tenantId, CancellationToken ct) =>
        db.Set<TenantDeletion>().AsNoTracking().FirstOrDefaultAsync(d => d.TenantId == tenantId && d.State == DeletionState.Scheduled, ct);

    /// <summary>Schedules the deletion in <paramref name="graceDays"/> days; the one already scheduled is returned unchanged.</summary>
    public async Task<TenantDeletion> ScheduleAsync(Guid tenantId, int graceDays, string actor, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(graceDays, MinGraceDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(graceDays, MaxGraceDays);
        if (await PendingAsync(tenantId, ct) is { } pending)
        {
            return pending;
        }
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct);
        var now = clock.GetUtcNow();
        var deletion = new TenantDeletion
        {
            TenantId = tenantId, Slug = tenant.Slug, DisplayName = tenant.DisplayName, ScheduledAt = now, ScheduledBy = actor, RunAt = now.AddDays(graceDays),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(deletion);
        await db.SaveChangesAsync(ct);
        // A platform job whose payload names the deletion, never the town: nothing of the town is left once it ran.
        await jobs.EnqueueAsync(new JobRequest(DeleteTownJob.Kind, new DeleteTownJob.Payload(deletion.Id))
        {
            RunAt = deletion.RunAt, IdempotencyKey = JobKey(deletion.Id), Label = $"Deletion of {tenant.Slug}", MaxAttempts = 5,
        }, ct);
        await transaction.CommitAsync(ct);
        LogScheduled(logger, tenant.Slug, deletion.Id, deletion.RunAt, actor);
        return deletion;
    }

    /// <summary>Cancels a scheduled deletion (false when it already ran, or was cancelled).</summary>
    public async Task<bool> CancelAsync(Guid tenantId, string actor, CancellationToken ct)
    {
        var deletion = await db.Set<TenantDeletion>().FirstOrDefaultAsync(d => d.TenantId == tenantId && d.State == DeletionState.Scheduled, ct);
        if (deletion is null)
        {
            return false;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The job row first: once it is cancelled, a worker can no longer claim it (JobRunner claims queued or failed rows only).
        var key = JobKey(deletion.Id);
        var cancelled = await db.Jobs.Where(j => j.IdempotencyKey == key && (j.State == JobState.Queued || j.State == JobState.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Cancelled).SetProperty(j => j.FinishedAt, clock.GetUtcNow()).SetProperty(j => j.LastError, "Cancelled by " + actor), ct);
        if (cancelled == 0)
        {
            return false; // running now: too late
        }
        deletion.State = DeletionState.Cancelled;
        deletion.CancelledAt = clock.GetUtcNow();
        deletion.CancelledBy = actor;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        LogCancelled(logger, deletion.Slug, deletion.Id, actor);
        return true;
    }

    /// <summary>The latest deletions (done, cancelled, scheduled), for the operator's log.</summary>
    public Task<List<TenantDeletion>> LogAsync(int take, CancellationToken ct) =>
        db.Set<TenantDeletion>().AsNoTracking().OrderByDescending(d => d.ScheduledAt).Take(take).ToListAsync(ct);

    public static string JobKey(Guid deletionId) => $"{DeleteTownJob.Kind}:{deletionId}";

    /// <summary>Runs a scheduled deletion now (the job calls it at the end of the grace period).</summary>
    public async Task RunAsync(Guid deletionId, CancellationToken ct)
    {
        var deletion = await db.Set<TenantDeletion>().FirstOrDefaultAsync(d => d.Id == deletionId, ct);
        if (deletion is not { State: DeletionState.Scheduled, TenantId: { } tenantId })
        {
            return; // cancelled, or done by an earlier attempt
        }
        var summary = new StringBuilder();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await DeleteTownAsync(tenantId, summary, ct);
            deletion.TenantId = null;
            deletion.State = DeletionState.Done;
            deletion.DoneAt = clock.GetUtcNow();
            deletion.Summary = summary.Length > 8000 ? summary.ToString(0, 8000) : summary.ToString();
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catalog.Invalidate();
        LogDeleted(logger, deletion.Slug, deletion.Id, deletion.ScheduledBy, summary.ToString().Replace('\n', ';'));
    }

    private async Task DeleteTownAsync(Guid tenantId, StringBuilder summary, CancellationToken ct)
    {
        var id = tenantId.ToString("D");
        var like = "%" + id + "%";
        var postgres = db.Database.IsNpgsql();
        var userIds = await db.Set<TenantMembership>().IgnoreQueryFilters().Where(m => m.TenantId == tenantId).Select(m => m.UserId).ToListAsync(ct);
        var clientIds = await db.Set<ApiClients.ApiClient>().IgnoreQueryFilters().Where(c => c.TenantId == tenantId).Select(c => c.ClientId).ToListAsync(ct);

        // The authorization server's records of the town's API clients (tokens, authorizations, then the applications).
        if (clientIds.Count > 0)
        {
            foreach (var table in new[] { "open_iddict_tokens", "open_iddict_authorizations" })
            {
                var sql = "DELETE FROM " + table + " WHERE application_id IN (SELECT id FROM open_iddict_applications WHERE client_id IN (" + Placeholders(clientIds.Count) + "))";
                Count(summary, table, await db.Database.ExecuteSqlRawAsync(sql, clientIds.Cast<object>(), ct));
            }
            var applications = "DELETE FROM open_iddict_applications WHERE client_id IN (" + Placeholders(clientIds.Count) + ")";
            Count(summary, "open_iddict_applications", await db.Database.ExecuteSqlRawAsync(applications, clientIds.Cast<object>(), ct));
        }

        // Jobs: the town's rows, and any row whose payload names it; Hangfire's jobs stamped with it (PostgreSQL storage).
        Count(summary, "jobs", await db.Jobs.Where(j => j.TenantId == tenantId || j.Payload.Contains(id)).ExecuteDeleteAsync(ct));
        if (postgres)
        {
            var hangfire = "SELECT jobid FROM hangfire.jobparameter WHERE name = 'TenantId' AND value LIKE {0}";
            var queue = "DELETE FROM hangfire.jobqueue WHERE jobid IN (" + hangfire + ")";
            var jobsOfTown = "DELETE FROM hangfire.job WHERE id IN (" + hangfire + ")";
            await db.Database.ExecuteSqlRawAsync(queue, [like], ct);
            Count(summary, "hangfire.job", await db.Database.ExecuteSqlRawAsync(jobsOfTown, [like], ct));
        }

        // Every table of the model that refers to the town, dependents first (the tenant row last).
        var modelTables = TownArchive.TablesOf(db.Model).Where(t => t.Table != "tenant_deletions").Reverse().ToList();
        foreach (var table in modelTables)
        {
            var rows = 0;
            foreach (var column in table.TownColumns)
            {
                var delete = "DELETE FROM \"" + table.Table + "\" WHERE \"" + TownArchive.ColumnOf(column) + "\" = {0}"; // names from the model
                rows += await db.Database.ExecuteSqlRawAsync(delete, [tenantId], ct);
            }
            Count(summary, table.Table, rows);
        }
        // Any other table of the database with a tenant column (one added outside the model would not escape).
        if (postgres)
        {
            var known = modelTables.Select(t => t.Table).Append("tenant_deletions").ToHashSet(StringComparer.Ordinal);
            var others = await db.Database.SqlQueryRaw<CatalogColumn>(
                "SELECT table_schema AS \"Schema\", table_name AS \"Table\", column_name AS \"Column\" FROM information_schema.columns " +
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND data_type = 'uuid' AND column_name LIKE '%tenant_id'").ToListAsync(ct);
            foreach (var other in others.Where(c => !(c.Schema == "public" && known.Contains(c.Table))))
            {
                var delete = "DELETE FROM \"" + other.Schema + "\".\"" + other.Table + "\" WHERE \"" + other.Column + "\" = {0}"; // names from the catalog
                Count(summary, other.Table, await db.Database.ExecuteSqlRawAsync(delete, [tenantId], ct));
            }
        }
        Count(summary, "outbox_emails", await db.Set<global::TwinningCloud.Web.Platform.Email.OutboxEmail>().Where(m => m.TenantId == tenantId).ExecuteDeleteAsync(ct));

        // The accounts that belonged to this town only (not an operator, nor in another town or a federation).
        if (userIds.Count > 0)
        {
            var alone = await db.Users.Where(u => userIds.Contains(u.Id))
                .Where(u => !db.Set<TenantMembership>().IgnoreQueryFilters().Any(m => m.UserId == u.Id))
                .Where(u => !db.UserRoles.Any(r => r.UserId == u.Id))
                .Where(u => !db.Set<global::TwinningCloud.Web.Features.Federations.FederationMembership>().Any(m => m.UserId == u.Id))
                .Select(u => u.Id).ToListAsync(ct);
            Count(summary, "users", await db.Users.Where(u => alone.Contains(u.Id)).ExecuteDeleteAsync(ct));
        }
        Count(summary, "tenants", await db.Tenants.Where(t => t.Id == tenantId).ExecuteDeleteAsync(ct));
    }

    private static string Placeholders(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"{{{i}}}"));

    private static void Count(StringBuilder summary, string table, int rows)
    {
        if (rows > 0)
        {
            summary.Append(table).Append(": ").Append(rows).Append('\n');
        }
    }

    private sealed record CatalogColumn(string Schema, string Table, string Column);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Security: deletion of town {Slug} scheduled for {RunAt} by {Actor} (deletion {DeletionId})")]
    private static partial void LogScheduled(ILogger logger, string slug, Guid deletionId, DateTimeOffset runAt, string actor);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Security: deletion of town {Slug} cancelled by {Actor} (deletion {DeletionId})")]
    private static partial void LogCancelled(ILogger logger, string slug, Guid deletionId, string actor);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Security: town {Slug} deleted (scheduled by {Actor}; deletion {DeletionId}); removed: {Summary}")]
    private static partial void LogDeleted(ILogger logger, string slug, Guid deletionId, string actor, string summary);
}

/// <summary>Runs a town's deletion at the end of its grace period.</summary>
public sealed class DeleteTownJob(TownDeletions deletions) : IJobHandler
{
    public const string Kind = "lifecycle.delete-town";

    public sealed record Payload(Guid DeletionId);

    public Task RunAsync(JobContext job, CancellationToken ct) => deletions.RunAsync(job.Read<Payload>().DeletionId, ct);
}

using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>A job as claimed by a worker.</summary>
public sealed record ClaimedJob(long Id, Guid? TenantId, string Kind, string Payload, int Attempts, int MaxAttempts, string? Label);

/// <summary>
/// The engine's statements. Inserts and claims are written in SQL for each provider (ON CONFLICT DO NOTHING
/// for idempotency keys; <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL so that workers never wait for each
/// other nor take the same job; one atomic UPDATE … RETURNING on SQLite). State changes after the claim
/// go through EF and are guarded by the lease holder, so a worker that lost its lease cannot overwrite
/// the job's new life.
/// </summary>
public static class JobStore
{
    private const string Columns = "tenant_id, kind, payload, label, state, run_at, attempts, max_attempts, idempotency_key, created_at";

    /// <summary>Inserts the jobs on <paramref name="db"/>'s connection, in its current transaction if any; returns how many were new.</summary>
    public static async Task<int> InsertAsync(AppDbContext db, IReadOnlyList<Job> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0)
        {
            return 0;
        }
        var inserted = 0;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            const int chunk = 500;
            for (var start = 0; start < jobs.Count; start += chunk)
            {
                await using var command = CreateCommand(db);
                var sql = new StringBuilder($"INSERT INTO jobs ({Columns}) VALUES ");
                var dialect = Dialect(db);
                var end = Math.Min(jobs.Count, start + chunk);
                for (var i = start; i < end; i++)
                {
                    var j = jobs[i];
                    if (i > start)
                    {
                        sql.Append(", ");
                    }
                    sql.Append('(');
                    sql.Append(string.Join(", ",
                        Add(command, dialect.Guid(j.TenantId)), Add(command, j.Kind), Add(command, j.Payload), Add(command, j.Label),
                        "'queued'", Add(command, dialect.Time(j.RunAt)), "0", Add(command, j.MaxAttempts),
                        Add(command, j.IdempotencyKey), Add(command, dialect.Time(j.CreatedAt))));
                    sql.Append(')');
                }
                sql.Append(" ON CONFLICT (idempotency_key) DO NOTHING");
                command.CommandText = sql.ToString();
                inserted += await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return inserted;
    }

    /// <summary>Claims up to <paramref name="max"/> ready jobs for <paramref name="worker"/>, oldest first; each claim counts as an attempt.</summary>
    public static async Task<List<ClaimedJob>> ClaimAsync(AppDbContext db, string worker, int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        var dialect = Dialect(db);
        var claimed = new List<ClaimedJob>(max);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = CreateCommand(db);
            var w = Add(command, worker);
            var until = Add(command, dialect.Time(now + lease));
            var at = Add(command, dialect.Time(now));
            var n = Add(command, max);
            command.CommandText = dialect.ClaimSql(w, until, at, n);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                claimed.Add(new ClaimedJob(
                    reader.GetInt64(0),
                    reader.IsDBNull(1) ? null : dialect.ReadGuid(reader.GetValue(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetInt32(4),
                    reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return claimed;
    }

    public static Task<int> SucceedAsync(AppDbContext db, string worker, IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken ct) =>
        db.Jobs.Where(j => ids.Contains(j.Id) && j.LockedBy == worker && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Succeeded)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LastError, (string?)null)
                .SetProperty(j => j.LockedBy, (string?)null)
                .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null), ct);

    /// <summary>Records a failed attempt: another attempt at <paramref name="retryAt"/>, or dead when <paramref name="retryAt"/> is null.</summary>
    public static Task<int> FailAsync(AppDbContext db, string worker, long id, string error, DateTimeOffset now, DateTimeOffset? retryAt, CancellationToken ct)
    {
        error = Truncate(error);
        return retryAt is { } at
            ? db.Jobs.Where(j => j.Id == id && j.LockedBy == worker && j.State == JobState.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Failed)
                    .SetProperty(j => j.RunAt, at)
                    .SetProperty(j => j.LastError, error)
                    .SetProperty(j => j.LockedBy, (string?)null)
                    .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null), ct)
            : FinishAsync(db, worker, id, JobState.Dead, error, now, ct);
    }

    /// <summary>Ends a running job as dead or cancelled, with its reason.</summary>
    public static Task<int> FinishAsync(AppDbContext db, string worker, long id, JobState state, string reason, DateTimeOffset now, CancellationToken ct)
    {
        reason = Truncate(reason);
        return db.Jobs.Where(j => j.Id == id && j.LockedBy == worker && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, state)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LastError, reason)
                .SetProperty(j => j.LockedBy, (string?)null)
                .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>Gives unfinished claims back (graceful shutdown): ready again at once, the attempt not counted.</summary>
    public static Task<int> ReleaseAsync(AppDbContext db, string worker, IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken ct) =>
        db.Jobs.Where(j => ids.Contains(j.Id) && j.LockedBy == worker && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, j => j.Attempts > 1 ? JobState.Failed : JobState.Queued)
                .SetProperty(j => j.Attempts, j => j.Attempts - 1)
                .SetProperty(j => j.RunAt, now)
                .SetProperty(j => j.LockedBy, (string?)null)
                .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null), ct);

    /// <summary>Renews the lease of the worker's running jobs.</summary>
    public static Task<int> ExtendLeasesAsync(AppDbContext db, string worker, DateTimeOffset until, CancellationToken ct) =>
        db.Jobs.Where(j => j.LockedBy == worker && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LockedUntil, until), ct);

    public const string LostWorkerError = "The worker running this job stopped before finishing it (its lease expired).";

    /// <summary>Jobs whose worker vanished (lease expired): another attempt later, or dead when none is left.</summary>
    public static async Task<int> RescueExpiredAsync(AppDbContext db, DateTimeOffset now, TimeSpan retryDelay, CancellationToken ct)
    {
        var dead = await db.Jobs.Where(j => j.State == JobState.Running && j.LockedUntil < now && j.Attempts >= j.MaxAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Dead)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LastError, LostWorkerError)
                .SetProperty(j => j.LockedBy, (string?)null)
                .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null), ct);
        var retried = await db.Jobs.Where(j => j.State == JobState.Running && j.LockedUntil < now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Failed)
                .SetProperty(j => j.RunAt, now + retryDelay)
                .SetProperty(j => j.LastError, LostWorkerError)
                .SetProperty(j => j.LockedBy, (string?)null)
                .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null), ct);
        return dead + retried;
    }

    /// <summary>Deletes succeeded and cancelled jobs finished before <paramref name="before"/>, and sent mails after a day.</summary>
    public static async Task<int> PurgeFinishedAsync(AppDbContext db, DateTimeOffset before, CancellationToken ct)
    {
        var purged = await db.Jobs.Where(j => (j.State == JobState.Succeeded || j.State == JobState.Cancelled) && j.FinishedAt < before).ExecuteDeleteAsync(ct);
        // Sent mails carry one-time links in their payload: gone a day after.
        var dayAgo = DateTimeOffset.UtcNow.AddDays(-1);
        return purged + await db.Jobs.Where(j => j.Kind == Identity.SendEmailJob.Kind && j.State == JobState.Succeeded && j.FinishedAt < dayAgo).ExecuteDeleteAsync(ct);
    }

    private static string Truncate(string text) => text.Length <= Job.MaxErrorLength ? text : text[..Job.MaxErrorLength];

    private static DbCommand CreateCommand(AppDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static string Add(DbCommand command, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@p" + command.Parameters.Count;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p.ParameterName;
    }

    private static SqlDialect Dialect(AppDbContext db) => db.Database.IsNpgsql() ? SqlDialect.Postgres : SqlDialect.Sqlite;

    /// <summary>How each provider stores what EF would store (SQLite: Guid as upper-case text, DateTimeOffset as binary ticks).</summary>
    private abstract class SqlDialect
    {
        public static readonly SqlDialect Postgres = new PostgresDialect();
        public static readonly SqlDialect Sqlite = new SqliteDialect();

        public abstract object? Guid(Guid? value);
        public abstract object Time(DateTimeOffset value);
        public abstract Guid ReadGuid(object value);
        public abstract string ClaimSql(string worker, string until, string now, string max);

        private sealed class PostgresDialect : SqlDialect
        {
            public override object? Guid(Guid? value) => value;
            public override object Time(DateTimeOffset value) => value.ToUniversalTime();
            public override Guid ReadGuid(object value) => (Guid)value;
            public override string ClaimSql(string worker, string until, string now, string max) => $"""
                UPDATE jobs AS j SET state = 'running', locked_by = {worker}, locked_until = {until}, attempts = j.attempts + 1, started_at = {now}
                FROM (SELECT id FROM jobs WHERE {JobConfiguration.ReadyFilter} AND run_at <= {now}
                      ORDER BY run_at, id LIMIT {max} FOR UPDATE SKIP LOCKED) AS c
                WHERE j.id = c.id
                RETURNING j.id, j.tenant_id, j.kind, j.payload, j.attempts, j.max_attempts, j.label
                """;
        }

        private sealed class SqliteDialect : SqlDialect
        {
            private static readonly DateTimeOffsetToBinaryConverter Binary = new();

            public override object? Guid(Guid? value) => value?.ToString().ToUpperInvariant();
            public override object Time(DateTimeOffset value) => Binary.ConvertToProvider(value.ToUniversalTime())!;
            public override Guid ReadGuid(object value) => System.Guid.Parse((string)value);
            public override string ClaimSql(string worker, string until, string now, string max) => $"""
                UPDATE jobs SET state = 'running', locked_by = {worker}, locked_until = {until}, attempts = attempts + 1, started_at = {now}
                WHERE id IN (SELECT id FROM jobs WHERE {JobConfiguration.ReadyFilter} AND run_at <= {now} ORDER BY run_at, id LIMIT {max})
                RETURNING id, tenant_id, kind, payload, attempts, max_attempts, label
                """;
        }
    }
}

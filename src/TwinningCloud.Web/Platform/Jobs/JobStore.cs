using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>A job row not yet handed to Hangfire.</summary>
internal sealed record UndispatchedJob(long Id, Guid? TenantId, DateTimeOffset RunAt);

/// <summary>
/// The job rows' statements written in SQL for each provider: inserts in the caller's transaction
/// (ON CONFLICT DO NOTHING for idempotency keys) and the dispatcher's take (<c>FOR UPDATE SKIP LOCKED</c> on
/// PostgreSQL so that instances never take the same row).
/// </summary>
internal static class JobStore
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

    /// <summary>
    /// Takes up to <paramref name="max"/> rows waiting for Hangfire, locked for the caller's transaction
    /// (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so that instances dispatching at once never take the same
    /// row; SQLite serializes writers).
    /// </summary>
    public static async Task<List<UndispatchedJob>> TakeUndispatchedAsync(AppDbContext db, int max, CancellationToken ct)
    {
        var dialect = Dialect(db);
        var rows = new List<UndispatchedJob>(max);
        await using var command = CreateCommand(db);
        var n = Add(command, max);
        command.CommandText = $"SELECT id, tenant_id, run_at FROM jobs WHERE {JobConfiguration.UndispatchedFilter} ORDER BY id LIMIT {n}{dialect.LockClause}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new UndispatchedJob(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : dialect.ReadGuid(reader.GetValue(1)),
                dialect.ReadTime(reader.GetValue(2))));
        }
        return rows;
    }

    /// <summary>Takes back the tokens of rows whose Hangfire jobs were not created (the next round dispatches them).</summary>
    public static async Task UndispatchAsync(AppDbContext db, IReadOnlyList<(long Id, string Token)> rows, CancellationToken ct)
    {
        foreach (var (id, token) in rows)
        {
            await db.Jobs.Where(j => j.Id == id && j.HangfireJobId == token && j.State == JobState.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.HangfireJobId, (string?)null), ct);
        }
    }

    /// <summary>Writes each row's dispatch token (one statement), in the dispatcher's short transaction.</summary>
    public static async Task MarkDispatchedAsync(AppDbContext db, IReadOnlyList<(long Id, string HangfireId)> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var command = CreateCommand(db);
        var sql = new StringBuilder("UPDATE jobs SET hangfire_job_id = CASE id");
        foreach (var (id, hangfireId) in rows)
        {
            sql.Append(" WHEN ").Append(Add(command, id)).Append(" THEN ").Append(Add(command, hangfireId));
        }
        sql.Append(" END WHERE id IN (").Append(string.Join(", ", rows.Select(r => Add(command, r.Id)))).Append(')');
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(ct);
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
        public abstract DateTimeOffset ReadTime(object value);
        public abstract string LockClause { get; }

        private sealed class PostgresDialect : SqlDialect
        {
            public override object? Guid(Guid? value) => value;
            public override object Time(DateTimeOffset value) => value.ToUniversalTime();
            public override Guid ReadGuid(object value) => (Guid)value;
            public override DateTimeOffset ReadTime(object value) => value is DateTimeOffset o ? o : new DateTimeOffset(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc));
            public override string LockClause => " FOR UPDATE SKIP LOCKED";
        }

        private sealed class SqliteDialect : SqlDialect
        {
            private static readonly DateTimeOffsetToBinaryConverter Binary = new();

            public override object? Guid(Guid? value) => value?.ToString().ToUpperInvariant();
            public override object Time(DateTimeOffset value) => Binary.ConvertToProvider(value.ToUniversalTime())!;
            public override Guid ReadGuid(object value) => System.Guid.Parse((string)value);
            public override DateTimeOffset ReadTime(object value) => (DateTimeOffset)Binary.ConvertFromProvider(value)!;
            public override string LockClause => "";
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>Where a job is in its life. Stored as lower-case text (<c>queued</c>, <c>running</c>…).</summary>
public enum JobState
{
    /// <summary>Waiting for <see cref="Job.RunAt"/> and a free worker.</summary>
    Queued,
    /// <summary>Started by a Hangfire worker (<see cref="Job.LockedBy"/>); a worker that dies gives it back after the invisibility timeout.</summary>
    Running,
    Succeeded,
    /// <summary>The last attempt failed; another is planned at <see cref="Job.RunAt"/> (backoff).</summary>
    Failed,
    /// <summary>Gave up after <see cref="Job.MaxAttempts"/> attempts (or a permanent error); kept with its last error.</summary>
    Dead,
    /// <summary>Cancelled by a person (or because its tenant can no longer run it).</summary>
    Cancelled,
}

/// <summary>
/// One unit of background work (ADR 0007): the row is written in the caller's transaction and is the source
/// of truth; Hangfire runs it (<see cref="HangfireJobId"/>: the dispatch token the Hangfire job carries, set and
/// committed by <see cref="JobDispatcher"/> before it creates that job).
/// Every job carries the tenant it runs for (null: platform work) and runs inside that tenant's context. Not an
/// <c>ITenantOwned</c> entity: workers claim jobs of all tenants; the jobs pages filter by tenant explicitly
/// (see Features/Jobs).
/// </summary>
public sealed class Job
{
    public const int MaxErrorLength = 4000;

    public long Id { get; set; }
    public Guid? TenantId { get; set; }
    /// <summary>Which handler runs it (<c>reminders.send</c>).</summary>
    public required string Kind { get; set; }
    /// <summary>The handler's input, as JSON.</summary>
    public string Payload { get; set; } = "{}";
    /// <summary>What it is about, for people searching the jobs page ("Review of Marseille–Hamburg, 2026-12-01, 7 days before").</summary>
    public string? Label { get; set; }
    public JobState State { get; set; } = JobState.Queued;
    public DateTimeOffset RunAt { get; set; }
    /// <summary>Attempts started so far (a claim counts as an attempt).</summary>
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = JobOptions.DefaultMaxAttempts;
    public string? LastError { get; set; }
    /// <summary>The same logical job is enqueued once: a second enqueue with the same key does nothing (unique index).</summary>
    public string? IdempotencyKey { get; set; }
    /// <summary>The Hangfire server that ran (or runs) the latest attempt.</summary>
    public string? LockedBy { get; set; }
    /// <summary>
    /// The dispatch token of the Hangfire job that runs this row (column <c>hangfire_job_id</c>): only the Hangfire job
    /// carrying it may claim the row. Null until dispatched (and again after a retry from the jobs page).
    /// </summary>
    public string? HangfireJobId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    /// <summary>Rows waiting to be handed to Hangfire; the partial index below serves exactly this predicate.</summary>
    public const string UndispatchedFilter = "hangfire_job_id IS NULL AND state = 'queued'";

    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.ToTable("jobs");
        b.HasKey(j => j.Id);
        b.Property(j => j.Id).ValueGeneratedOnAdd();
        b.Property(j => j.Kind).HasMaxLength(100);
        b.Property(j => j.Label).HasMaxLength(300);
        b.Property(j => j.State).HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<JobState>(s, true)).HasMaxLength(16);
        b.Property(j => j.LastError).HasMaxLength(Job.MaxErrorLength);
        b.Property(j => j.IdempotencyKey).HasMaxLength(300);
        b.Property(j => j.LockedBy).HasMaxLength(120);
        b.HasIndex(j => j.IdempotencyKey).IsUnique();
        b.Property(j => j.HangfireJobId).HasMaxLength(40);
        b.HasIndex(j => j.Id).HasFilter(UndispatchedFilter).HasDatabaseName("ix_jobs_undispatched");
        b.HasIndex(j => new { j.State, j.FinishedAt }).HasDatabaseName("ix_jobs_state_finished_at");
        b.HasIndex(j => new { j.TenantId, j.Id }).HasDatabaseName("ix_jobs_tenant_id_id");
    }
}

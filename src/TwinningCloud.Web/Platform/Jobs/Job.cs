using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>Where a job is in its life. Stored as lower-case text (<c>queued</c>, <c>running</c>…).</summary>
public enum JobState
{
    /// <summary>Waiting for <see cref="Job.RunAt"/> and a free worker.</summary>
    Queued,
    /// <summary>Claimed by a worker, whose lease (<see cref="Job.LockedUntil"/>) it holds.</summary>
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
/// One unit of background work, stored in the application database (ADR 0003). Every job carries the
/// tenant it runs for (null: platform work) and runs inside that tenant's context. Not an
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
    /// <summary>The worker holding the lease while <see cref="JobState.Running"/>.</summary>
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>A recurring job: a cron expression evaluated in a time zone; each occurrence is enqueued once (key: schedule + fire time).</summary>
public sealed class JobSchedule
{
    /// <summary>Stable name, e.g. <c>reminders.sweep/{tenant id}</c>.</summary>
    public required string Key { get; set; }
    public Guid? TenantId { get; set; }
    public required string Kind { get; set; }
    public string Payload { get; set; } = "{}";
    /// <summary>Five fields: minute hour day-of-month month day-of-week (see <see cref="CronSchedule"/>).</summary>
    public required string Cron { get; set; }
    /// <summary>IANA time zone in which <see cref="Cron"/> is read (the tenant's).</summary>
    public required string TimeZoneId { get; set; }
    public DateTimeOffset NextFireAt { get; set; }
    public DateTimeOffset? LastFiredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    /// <summary>The states a worker may claim; the partial index below serves exactly this predicate.</summary>
    public const string ReadyFilter = "state IN ('queued', 'failed')";

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
        b.HasIndex(j => new { j.RunAt, j.Id }).HasFilter(ReadyFilter).HasDatabaseName("ix_jobs_ready");
        b.HasIndex(j => new { j.State, j.LockedUntil }).HasDatabaseName("ix_jobs_state_locked_until");
        b.HasIndex(j => new { j.TenantId, j.Id }).HasDatabaseName("ix_jobs_tenant_id_id");
    }
}

internal sealed class JobScheduleConfiguration : IEntityTypeConfiguration<JobSchedule>
{
    public void Configure(EntityTypeBuilder<JobSchedule> b)
    {
        b.ToTable("job_schedules");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(200);
        b.Property(s => s.Kind).HasMaxLength(100);
        b.Property(s => s.Cron).HasMaxLength(100);
        b.Property(s => s.TimeZoneId).HasMaxLength(64);
        b.HasIndex(s => s.NextFireAt);
        b.HasIndex(s => s.TenantId);
    }
}

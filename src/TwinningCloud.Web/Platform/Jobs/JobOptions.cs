namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>Configuration section <c>Jobs</c> (ADR 0007: our job rows, run by Hangfire).</summary>
public sealed class JobOptions
{
    public const int DefaultMaxAttempts = 8;

    /// <summary>False: this instance only enqueues (another process dispatches and runs the jobs).</summary>
    public bool RunWorker { get; set; } = true;
    /// <summary>Hangfire workers of this instance: jobs it runs at the same time.</summary>
    public int Concurrency { get; set; } = 8;
    /// <summary>How often an idle dispatcher looks for job rows to hand to Hangfire (an enqueue in this process wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Hangfire's queue poll interval (PostgreSQL storage; the SQLite storage polls at this interval too).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A queued row with a dispatch token still not run this long after its run time is dispatched again (its dispatcher died mid-round).</summary>
    public TimeSpan RedispatchAfter { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Hangfire's scheduler: how often delayed jobs (retries, jobs with a run time) become due.</summary>
    public TimeSpan SchedulePollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// Sliding invisibility timeout: a running job's queue entry is kept alive by its worker's heartbeat; a
    /// worker that dies (kill -9) gives it back to the others after this long.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>First retry delay; doubled at each attempt, capped by <see cref="RetryMaxDelay"/>, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>On shutdown, running jobs get this long to finish before their cancellation token fires.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Succeeded and cancelled job rows are deleted after this; dead ones are kept until someone acts.</summary>
    public TimeSpan KeepFinishedFor { get; set; } = TimeSpan.FromDays(30);
    /// <summary>Daily schedules: an occurrence missed by less than this (downtime) still runs, once.</summary>
    public TimeSpan ScheduleCatchUp { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Rows handed to Hangfire per dispatcher round.</summary>
    public int DispatchBatch { get; set; } = 200;
    /// <summary>The embedded default's Hangfire storage: a SQLite file of its own (relative to the content root).</summary>
    public string SqlitePath { get; set; } = "data/hangfire.db";
    /// <summary>The PostgreSQL schema of Hangfire's tables.</summary>
    public string Schema { get; set; } = "hangfire";
}

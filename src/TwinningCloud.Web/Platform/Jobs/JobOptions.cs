namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobOptions
{
    public const int DefaultMaxAttempts = 8;

    /// <summary>False: this instance only enqueues (another process runs the jobs).</summary>
    public bool RunWorker { get; set; } = true;
    /// <summary>Jobs one instance runs at the same time.</summary>
    public int Concurrency { get; set; } = 8;
    /// <summary>How long an idle worker waits before looking for jobs again (an enqueue in this process wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A claim's lease; the worker renews it every third of it. A worker that dies loses its jobs after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How often schedules are fired and expired leases rescued.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How often recurring schedules are brought in line with their sources (features also sync when their settings change).</summary>
    public TimeSpan ScheduleSyncInterval { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>First retry delay; doubled at each attempt, capped by <see cref="RetryMaxDelay"/>, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>On shutdown, running jobs get this long to finish before they are given back.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Succeeded and cancelled jobs are deleted after this; dead ones are kept until someone acts.</summary>
    public TimeSpan KeepFinishedFor { get; set; } = TimeSpan.FromDays(30);
    /// <summary>Completions are written in batches of at most this many (one statement).</summary>
    public int CompletionBatch { get; set; } = 200;
}

using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>What became of a retry or a cancel.</summary>
public enum JobActionOutcome
{
    /// <summary>No such job in this scope (another tenant's, the platform's, or none): a 404.</summary>
    NotFound,
    Done,
    /// <summary>The job is in a state the action does not apply to (it started, finished or changed meanwhile): nothing was changed.</summary>
    WrongState,
}

public sealed record JobActionResult(JobActionOutcome Outcome, JobState? CurrentState = null);

/// <summary>
/// The job platform's own retry and cancel, over the jobs a caller may touch (<c>scope</c>: a tenant's jobs, or all of them
/// for an operator). Each is one conditional UPDATE of the row, so a job a worker started meanwhile is left alone.
/// </summary>
public sealed class JobActions(TimeProvider clock, JobSignal signal)
{
    /// <summary>The states a person may retry (failed, dead, cancelled): back to queued, to run now, with its attempts counted afresh.</summary>
    public static bool CanRetry(JobState state) => state is JobState.Failed or JobState.Dead or JobState.Cancelled;

    /// <summary>The states a person may cancel (queued, failed): not started yet, or waiting for its next attempt.</summary>
    public static bool CanCancel(JobState state) => state is JobState.Queued or JobState.Failed;

    /// <summary>
    /// Failed, dead or cancelled → queued, to run now, attempts counted from 0 again; the last error stays until
    /// the next attempt. The row is handed to Hangfire again as a new Hangfire job; an older one (a retry Hangfire had
    /// planned) finds that the row is no longer its own and does nothing.
    /// </summary>
    public async Task<JobActionResult> RetryAsync(IQueryable<Job> scope, long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await scope.Where(j => j.Id == id && (j.State == JobState.Failed || j.State == JobState.Dead || j.State == JobState.Cancelled))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Queued)
                .SetProperty(j => j.RunAt, now)
                .SetProperty(j => j.Attempts, 0)
                .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.LockedBy, (string?)null)
                .SetProperty(j => j.HangfireJobId, (string?)null), ct);
        if (changed == 1)
        {
            signal.Wake(); // a new Hangfire job runs it: this instance's dispatcher looks at once (others poll)
            return new JobActionResult(JobActionOutcome.Done);
        }
        return await WhyNotAsync(scope, id, ct);
    }

    /// <summary>Queued or failed (waiting for its next attempt) → cancelled. A job that started meanwhile runs on;
    /// its Hangfire job, when it comes, finds the row cancelled and does nothing.</summary>
    public async Task<JobActionResult> CancelAsync(IQueryable<Job> scope, long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await scope.Where(j => j.Id == id && (j.State == JobState.Queued || j.State == JobState.Failed))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Cancelled)
                .SetProperty(j => j.FinishedAt, now), ct);
        return changed == 1 ? new JobActionResult(JobActionOutcome.Done) : await WhyNotAsync(scope, id, ct);
    }

    private static async Task<JobActionResult> WhyNotAsync(IQueryable<Job> scope, long id, CancellationToken ct)
    {
        var state = await scope.Where(j => j.Id == id).Select(j => (JobState?)j.State).FirstOrDefaultAsync(ct);
        return state is null ? new JobActionResult(JobActionOutcome.NotFound) : new JobActionResult(JobActionOutcome.WrongState, state);
    }
}

using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// The one Hangfire job method: runs job row <c>jobId</c> in its tenant's scope (restored by
/// <see cref="TenantJobActivator"/> from the tenant id the <see cref="TenantStampFilter"/> stamped on the
/// Hangfire job) through the handler registered for its kind, and keeps the row's state, attempts and last
/// error. The row decides: a Hangfire job that is not the row's current one (a duplicate dispatch, an old
/// retry superseded by "Retry" on the jobs page), or whose row was cancelled meanwhile, does nothing.
/// Failures are rethrown for Hangfire: <see cref="JobRetryException"/> (another attempt at the row's
/// backoff, applied by <see cref="JobRetryFilter"/>), <see cref="PermanentJobException"/> (failed at once),
/// <see cref="JobCancelledException"/> (deleted).
/// </summary>
internal sealed partial class JobRunner(
    AppDbContext db,
    TenantContext tenantContext,
    TenantCatalog tenants,
    IServiceProvider services,
    TimeProvider clock,
    IOptions<JobOptions> options,
    Observability.TwinningMetrics metrics,
    ILogger<JobRunner> logger)
{
    /// <summary>This process's name: Hangfire's server name (its server id, in <c>jobs.locked_by</c>, adds a unique suffix).</summary>
    public static readonly string WorkerName = $"{Environment.MachineName}/{Environment.ProcessId}";

    [JobDisplayName("job row {0}")]
    public async Task RunAsync(long jobId, string? dispatchToken, PerformContext? context, CancellationToken ct)
    {
        var token = dispatchToken; // the row's token: written and committed before this Hangfire job existed
        var worker = context?.ServerId ?? WorkerName;
        var now = clock.GetUtcNow();
        var claimed = await ClaimAsync(jobId, token, worker, now, ct);
        if (claimed == 0)
        {
            return; // done, cancelled, or not this Hangfire job's any more
        }
        var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        using var scopeLog = logger.BeginScope(new Dictionary<string, object?> { ["JobId"] = job.Id, ["JobKind"] = job.Kind, ["HangfireJobId"] = context?.BackgroundJob.Id });
        TenantInfo? tenant = null;
        if (job.TenantId is { } tenantId)
        {
            tenant = await tenants.FindByIdAsync(tenantId, ct);
            if (tenant is null)
            {
                tenants.Invalidate();
                tenant = await tenants.FindByIdAsync(tenantId, ct);
            }
            if (tenant is null)
            {
                await FailAsync(job, new PermanentJobException($"Tenant {tenantId} no longer exists."));
            }
            else if (!tenant.IsActive)
            {
                await FinishAsync(job.Id, JobState.Cancelled, $"Tenant '{tenant.Slug}' is suspended.");
                throw new JobCancelledException($"Tenant '{tenant.Slug}' is suspended.");
            }
            else if (tenantContext.TenantId != tenantId)
            {
                await FailAsync(job, new PermanentJobException($"The Hangfire job was not stamped with tenant {tenantId}."));
            }
        }
        else if (tenantContext.TenantId is not null)
        {
            await FailAsync(job, new PermanentJobException("A platform job was stamped with a tenant."));
        }
        // The job's trace and its town: on its spans and its measurements (its mails find it through TenantContext.Ambient).
        var town = tenant?.Slug;
        using var activity = Observability.TwinningMetrics.ActivitySource.StartActivity($"job {job.Kind}");
        activity?.SetTag(Observability.TwinningMetrics.TownTag, Observability.TwinningMetrics.Town(town));
        activity?.SetTag("job.kind", job.Kind);
        activity?.SetTag("job.id", job.Id);
        activity?.SetTag("job.attempt", job.Attempts);
        var handler = services.GetKeyedService<IJobHandler>(job.Kind);
        if (handler is null)
        {
            await FailAsync(job, new PermanentJobException($"No handler runs jobs of kind '{job.Kind}'."), town);
            return;
        }
        try
        {
            await handler.RunAsync(new JobContext(job.Id, job.Kind, tenant, job.Payload, job.Attempts, job.MaxAttempts), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown: Hangfire gives the job back to its queue; the interrupted attempt is not counted.
            await db.Jobs.Where(j => j.Id == jobId && j.HangfireJobId == token && j.State == JobState.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, j => j.Attempts > 1 ? JobState.Failed : JobState.Queued)
                    .SetProperty(j => j.Attempts, j => j.Attempts - 1)
                    .SetProperty(j => j.LockedBy, (string?)null), CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            await FailAsync(job, e, town);
        }
        metrics.JobSucceeded(job.Kind, town);
        await db.Jobs.Where(j => j.Id == jobId && j.HangfireJobId == token && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Succeeded)
                .SetProperty(j => j.LockedBy, (string?)null)
                .SetProperty(j => j.FinishedAt, clock.GetUtcNow())
                .SetProperty(j => j.LastError, (string?)null), CancellationToken.None);
    }

    /// <summary>One conditional UPDATE: the row is this Hangfire job's and may run (queued, failed, or running when its worker died).</summary>
    private Task<int> ClaimAsync(long jobId, string? token, string worker, DateTimeOffset now, CancellationToken ct) =>
        db.Jobs
            .Where(j => j.Id == jobId && j.HangfireJobId == token
                && (j.State == JobState.Queued || j.State == JobState.Failed || j.State == JobState.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Running)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.StartedAt, now)
                .SetProperty(j => j.LockedBy, worker), ct);

    /// <summary>Records the failed attempt on the row and throws what tells Hangfire what comes next.</summary>
    private async Task FailAsync(Job job, Exception error, string? town = null)
    {
        var permanent = error is PermanentJobException || job.Attempts >= job.MaxAttempts;
        metrics.JobFailed(job.Kind, town, permanent ? "dead" : "retry");
        var now = clock.GetUtcNow();
        var text = Truncate(Describe(error));
        DateTimeOffset? retryAt = permanent ? null : now + Backoff(job.Attempts, options.Value);
        LogJobFailed(error, job.Id, job.Kind, job.Attempts, job.MaxAttempts, retryAt);
        if (retryAt is { } at)
        {
            await db.Jobs.Where(j => j.Id == job.Id && j.State == JobState.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Failed)
                    .SetProperty(j => j.LockedBy, (string?)null)
                    .SetProperty(j => j.RunAt, at)
                    .SetProperty(j => j.LastError, text), CancellationToken.None);
            throw new JobRetryException(at, text, error);
        }
        await FinishAsync(job.Id, JobState.Dead, text);
        throw error as PermanentJobException ?? new PermanentJobException(text, error);
    }

    private Task<int> FinishAsync(long id, JobState state, string reason) =>
        db.Jobs.Where(j => j.Id == id && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, state)
                .SetProperty(j => j.LockedBy, (string?)null)
                .SetProperty(j => j.FinishedAt, clock.GetUtcNow())
                .SetProperty(j => j.LastError, Truncate(reason)), CancellationToken.None);

    /// <summary>Exponential backoff with "equal jitter": half the doubled delay, plus a random part of the other half.</summary>
    public static TimeSpan Backoff(int attempt, JobOptions options)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // jitter spreads retries out; nothing here is a secret
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
#pragma warning restore CA5394
    }

    private static string Truncate(string text) => text.Length <= Job.MaxErrorLength ? text : text[..Job.MaxErrorLength];

    private static string Describe(Exception e)
    {
        var message = $"{e.GetType().Name}: {e.Message}";
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += $" ← {inner.GetType().Name}: {inner.Message}";
        }
        return message;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) failed at attempt {Attempt} of {MaxAttempts}; next attempt at {RetryAt} (none: dead)")]
    private partial void LogJobFailed(Exception error, long jobId, string kind, int attempt, int maxAttempts, DateTimeOffset? retryAt);
}

/// <summary>An attempt failed and another is planned at <see cref="RetryAt"/> (the row's backoff): <see cref="JobRetryFilter"/> schedules it.</summary>
internal sealed class JobRetryException(DateTimeOffset retryAt, string message, Exception inner) : Exception(message, inner)
{
    public DateTimeOffset RetryAt { get; } = retryAt;
}

/// <summary>The job must not run (its tenant is suspended): Hangfire deletes it.</summary>
internal sealed class JobCancelledException(string message) : Exception(message);

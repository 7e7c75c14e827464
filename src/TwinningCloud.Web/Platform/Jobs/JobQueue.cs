using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>What to enqueue: a kind, its payload (serialized to JSON) and, optionally, when, under which key and label.</summary>
public sealed record JobRequest(string Kind, object? Payload = null)
{
    /// <summary>For platform work enqueuing for a tenant (scheduler, command line). Inside a tenant's scope the job is always that tenant's.</summary>
    public Guid? TenantId { get; init; }
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>Same key, same logical job: enqueued once, whatever the number of calls, instances or retries.</summary>
    public string? IdempotencyKey { get; init; }
    public string? Label { get; init; }
    public int? MaxAttempts { get; init; }
}

/// <summary>
/// Enqueues jobs on the scope's <see cref="AppDbContext"/> connection and inside its current transaction:
/// open a transaction, save the change, enqueue, commit — the job exists if and only if the change does.
/// </summary>
public sealed class JobQueue(AppDbContext db, TenantContext tenantContext, TimeProvider clock, JobSignal signal, TenantCatalog catalog, Observability.TwinningMetrics metrics)
{
    /// <summary>Enqueues one job; false when a job with the same idempotency key already exists.</summary>
    public async Task<bool> EnqueueAsync(JobRequest request, CancellationToken ct = default) =>
        await EnqueueAsync([request], ct) == 1;

    /// <summary>Enqueues jobs in as few statements as possible; returns how many were new (the others' keys existed).</summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<JobRequest> requests, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var jobs = requests.Select(r => new Job
        {
            TenantId = TenantOf(r),
            Kind = r.Kind,
            Payload = JobJson.Write(r.Payload),
            Label = r.Label is { Length: > 300 } label ? label[..300] : r.Label,
            RunAt = (r.RunAt ?? now).ToUniversalTime(),
            MaxAttempts = r.MaxAttempts ?? JobOptions.DefaultMaxAttempts,
            IdempotencyKey = r.IdempotencyKey,
            CreatedAt = now,
        }).ToList();
        var inserted = await JobStore.InsertAsync(db, jobs, ct);
        if (inserted > 0)
        {
            signal.Wake();
            await CountAsync(jobs, inserted, ct);
        }
        return inserted;
    }

    /// <summary><c>twinning.jobs.enqueued</c> per kind and town; when some keys existed, the new rows of a batch of one kind are its own.</summary>
    private async Task CountAsync(List<Job> jobs, int inserted, CancellationToken ct)
    {
        var groups = jobs.GroupBy(j => (j.Kind, j.TenantId)).ToList();
        foreach (var group in groups)
        {
            var town = group.Key.TenantId is not { } id ? null
                : tenantContext.Current is { } current && current.Id == id ? current.Slug
                : (await catalog.FindByIdAsync(id, ct))?.Slug;
            metrics.JobsEnqueued(inserted == jobs.Count ? group.Count() : groups.Count == 1 ? inserted : 0, group.Key.Kind, town);
        }
    }

    private Guid? TenantOf(JobRequest request)
    {
        var current = tenantContext.TenantId;
        if (current is null)
        {
            return request.TenantId;
        }
        if (request.TenantId is { } other && other != current)
        {
            throw new ForeignTenantException($"A job of tenant {other} cannot be enqueued from tenant {current}'s work.");
        }
        return current;
    }
}

/// <summary>Wakes this process's idle worker when a job is enqueued here (other instances poll).</summary>
public sealed class JobSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

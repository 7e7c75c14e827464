using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Claims ready jobs (up to <see cref="JobOptions.Concurrency"/> at a time), runs each in its tenant's
/// context, and records the outcome: success (written in batches), a retry with exponential backoff and
/// jitter, or death after the last attempt. Renews its leases while jobs run; fires schedules and rescues
/// jobs of vanished workers; on shutdown lets running jobs finish for a grace period and gives back the rest.
/// </summary>
public sealed partial class JobWorker(
    IServiceScopeFactory scopes,
    TenantCatalog tenants,
    RecurringJobs recurring,
    JobSignal signal,
    TimeProvider clock,
    IOptions<JobOptions> options,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly JobOptions _options = options.Value;
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly Channel<long> _succeeded = Channel.CreateUnbounded<long>();
    private readonly CancellationTokenSource _abort = new();
    private readonly JobSignal _slotFreed = new();
    private long _ran;

    /// <summary>How long a busy worker waits for more free slots before claiming for fewer (see <see cref="GatherSlotsAsync"/>).</summary>
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(5);

    /// <summary>This process's name in <c>locked_by</c>.</summary>
    public string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and the database be migrated) before the first claim.
        await Task.Yield();
        var completer = Task.Run(() => CompleteSucceededAsync(), CancellationToken.None);
        var housekeeping = Task.Run(() => HousekeepingAsync(stoppingToken), CancellationToken.None);
        var heartbeat = Task.Run(() => HeartbeatAsync(stoppingToken), CancellationToken.None);
        try
        {
            await ClaimLoopAsync(stoppingToken);
        }
        finally
        {
            await DrainAsync();
            _succeeded.Writer.TryComplete();
            await completer;
            await Task.WhenAll(housekeeping, heartbeat);
            await ReleaseUnfinishedAsync();
            LogStopped(Name, Interlocked.Read(ref _ran));
        }
    }

    private async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        await using var context = new LoopContext(scopes);
        var backlog = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = _options.Concurrency - _running.Count;
            if (free <= 0)
            {
                await WaitForASlotAsync(stoppingToken);
                continue;
            }
            if (backlog && free < _options.Concurrency)
            {
                // More jobs are waiting: claim them by the batch rather than one per freed slot.
                await GatherSlotsAsync(stoppingToken);
                free = _options.Concurrency - _running.Count;
            }
            List<ClaimedJob> claimed;
            try
            {
                claimed = await ClaimAsync(context, free, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogLoopError(e, "claim");
                await Delay(_options.PollInterval, stoppingToken);
                continue;
            }
            foreach (var job in claimed)
            {
                Start(job);
            }
            backlog = claimed.Count == free;
            if (claimed.Count < free)
            {
                try
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// A context, and its connection, kept open by one sequential loop (claims, completions) instead of one
    /// of each per statement: building a context and taking a pooled connection (which PostgreSQL then
    /// resets) cost more than the statement itself when jobs are short. Only set-based statements run on it
    /// (nothing is tracked); after an error it is replaced.
    /// </summary>
    private sealed class LoopContext(IServiceScopeFactory scopes) : IAsyncDisposable
    {
        private AsyncServiceScope? _scope;
        private AppDbContext? _db;

        public async Task<AppDbContext> GetAsync(CancellationToken ct)
        {
            if (_db is null)
            {
                _scope = scopes.CreateAsyncScope();
                var db = _scope.Value.ServiceProvider.GetRequiredService<AppDbContext>();
                await db.Database.OpenConnectionAsync(ct); // statements' own open/close calls nest inside this one
                _db = db;
            }
            return _db;
        }

        public async ValueTask ResetAsync()
        {
            _db = null;
            if (_scope is { } scope)
            {
                _scope = null;
                await scope.DisposeAsync();
            }
        }

        public ValueTask DisposeAsync() => ResetAsync();
    }

    private async Task<List<ClaimedJob>> ClaimAsync(LoopContext context, int max, CancellationToken ct)
    {
        try
        {
            return await JobStore.ClaimAsync(await context.GetAsync(ct), Name, max, clock.GetUtcNow(), _options.LeaseDuration, ct);
        }
        catch
        {
            await context.ResetAsync();
            throw;
        }
    }

    private async Task WaitForASlotAsync(CancellationToken ct)
    {
        if (_running.IsEmpty)
        {
            return;
        }
        try
        {
            // A slot freed since the caller counted is remembered by the signal: no lost wake-up.
            await _slotFreed.WaitAsync(Timeout.InfiniteTimeSpan, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits until all slots are free, but not longer than <see cref="GatherDelay"/> (long jobs free them slowly).</summary>
    private async Task GatherSlotsAsync(CancellationToken ct)
    {
        var deadline = clock.GetTimestamp() + (long)(GatherDelay.TotalSeconds * clock.TimestampFrequency);
        try
        {
            while (!_running.IsEmpty)
            {
                var left = deadline - clock.GetTimestamp();
                if (left <= 0 || !await _slotFreed.WaitAsync(TimeSpan.FromSeconds((double)left / clock.TimestampFrequency), ct))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Registers the job in <see cref="_running"/> before it starts: a job that finished before being
    /// registered would leave its slot taken for ever (a worker could then stop claiming, and its shutdown
    /// would wait for a job that is long done).
    /// </summary>
    private void Start(ClaimedJob job)
    {
        var run = new Task<Task>(() => RunAsync(job));
        _running[job.Id] = run.Unwrap();
        run.Start(TaskScheduler.Default);
    }

    private async Task RunAsync(ClaimedJob job)
    {
        try
        {
            var outcome = await ExecuteAsync(job);
            Interlocked.Increment(ref _ran);
            await RecordAsync(job, outcome);
        }
        catch (Exception e)
        {
            // Recording failed (database gone?): the lease expires and the job is rescued.
            LogLoopError(e, "record");
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
            _slotFreed.Wake();
        }
    }

    private abstract record Outcome;
    private sealed record Succeeded : Outcome;
    private sealed record Failed(Exception Error, bool Permanent) : Outcome;
    private sealed record Cancelled(string Reason) : Outcome;
    private sealed record Interrupted : Outcome;

    private async Task<Outcome> ExecuteAsync(ClaimedJob job)
    {
        TenantInfo? tenant = null;
        if (job.TenantId is { } tenantId)
        {
            tenant = await tenants.FindByIdAsync(tenantId);
            if (tenant is null)
            {
                return new Failed(new InvalidOperationException($"Tenant {tenantId} no longer exists."), Permanent: true);
            }
            if (!tenant.IsActive)
            {
                return new Cancelled($"Tenant '{tenant.Slug}' is suspended.");
            }
        }
        using var scopeLog = logger.BeginScope(new Dictionary<string, object?> { ["JobId"] = job.Id, ["JobKind"] = job.Kind, ["Tenant"] = tenant?.Slug });
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (tenant is not null)
            {
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            }
            var handler = scope.ServiceProvider.GetKeyedService<IJobHandler>(job.Kind);
            if (handler is null)
            {
                return new Failed(new InvalidOperationException($"No handler runs jobs of kind '{job.Kind}'."), Permanent: true);
            }
            var context = new JobContext(job.Id, job.Kind, tenant, job.Payload, job.Attempts, job.MaxAttempts);
            await handler.RunAsync(context, _abort.Token);
            return new Succeeded();
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            return new Interrupted();
        }
        catch (PermanentJobException e)
        {
            return new Failed(e, Permanent: true);
        }
        catch (Exception e)
        {
            return new Failed(e, Permanent: false);
        }
    }

    private async Task RecordAsync(ClaimedJob job, Outcome outcome)
    {
        if (outcome is Succeeded)
        {
            await _succeeded.Writer.WriteAsync(job.Id);
            return;
        }
        if (outcome is Interrupted)
        {
            return; // given back by ReleaseUnfinishedAsync
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        switch (outcome)
        {
            case Cancelled c:
                await JobStore.FinishAsync(db, Name, job.Id, JobState.Cancelled, c.Reason, now, CancellationToken.None);
                break;
            case Failed f:
                var retryAt = f.Permanent || job.Attempts >= job.MaxAttempts ? (DateTimeOffset?)null : now + Backoff(job.Attempts);
                LogJobFailed(f.Error, job.Id, job.Kind, job.Attempts, job.MaxAttempts, retryAt);
                await JobStore.FailAsync(db, Name, job.Id, Describe(f.Error), now, retryAt, CancellationToken.None);
                break;
        }
    }

    /// <summary>Exponential backoff with "equal jitter": half the doubled delay, plus a random part of the other half.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    private static string Describe(Exception e)
    {
        var message = $"{e.GetType().Name}: {e.Message}";
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += $" ← {inner.GetType().Name}: {inner.Message}";
        }
        return message;
    }

    /// <summary>Writes successes in batches: one statement for many jobs.</summary>
    private async Task CompleteSucceededAsync()
    {
        var batch = new List<long>(_options.CompletionBatch);
        await using var context = new LoopContext(scopes);
        while (await _succeeded.Reader.WaitToReadAsync())
        {
            while (batch.Count < _options.CompletionBatch && _succeeded.Reader.TryRead(out var id))
            {
                batch.Add(id);
            }
            try
            {
                await JobStore.SucceedAsync(await context.GetAsync(CancellationToken.None), Name, batch, clock.GetUtcNow(), CancellationToken.None);
            }
            catch (Exception e)
            {
                await context.ResetAsync();
                // The jobs stay running until their lease expires, then run again: at-least-once.
                LogLoopError(e, "complete");
            }
            batch.Clear();
        }
    }

    private async Task HousekeepingAsync(CancellationToken stoppingToken)
    {
        var nextSync = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                if (now >= nextSync)
                {
                    await recurring.SyncAsync(ct: stoppingToken);
                    nextSync = now + _options.ScheduleSyncInterval;
                }
                await recurring.FireDueAsync(now, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                if (await JobStore.RescueExpiredAsync(db, now, _options.RetryBaseDelay, stoppingToken) is > 0 and var rescued)
                {
                    LogRescued(rescued);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogLoopError(e, "housekeeping");
            }
            await Delay(_options.HousekeepingInterval, stoppingToken);
        }
    }

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        var every = _options.LeaseDuration / 3;
        while (!stoppingToken.IsCancellationRequested || !_running.IsEmpty)
        {
            await Delay(every, _running.IsEmpty ? stoppingToken : CancellationToken.None);
            if (_running.IsEmpty)
            {
                continue;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await JobStore.ExtendLeasesAsync(db, Name, clock.GetUtcNow() + _options.LeaseDuration, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogLoopError(e, "heartbeat");
            }
        }
    }

    /// <summary>Shutdown: running jobs get the grace period, then are asked to stop.</summary>
    private async Task DrainAsync()
    {
        var running = _running.Values.ToArray();
        if (running.Length == 0)
        {
            return;
        }
        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(_options.ShutdownGrace)) != all)
        {
            await _abort.CancelAsync();
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(2)));
        }
    }

    /// <summary>Gives back every job this worker still holds, so another worker takes it at once instead of after the lease.</summary>
    private async Task ReleaseUnfinishedAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var held = db.Jobs.Where(j => j.LockedBy == Name && j.State == JobState.Running).Select(j => j.Id).ToList();
            if (held.Count > 0)
            {
                var released = await JobStore.ReleaseAsync(db, Name, held, clock.GetUtcNow(), CancellationToken.None);
                LogReleased(released);
            }
        }
        catch (Exception e)
        {
            LogLoopError(e, "release");
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) failed at attempt {Attempt} of {MaxAttempts}; next attempt at {RetryAt} (none: dead)")]
    private partial void LogJobFailed(Exception error, long jobId, string kind, int attempt, int maxAttempts, DateTimeOffset? retryAt);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Job worker {Step} step failed")]
    private partial void LogLoopError(Exception error, string step);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "{Count} jobs of vanished workers rescued (lease expired)")]
    private partial void LogRescued(int count);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "{Count} unfinished jobs given back at shutdown")]
    private partial void LogReleased(int count);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Job worker {Worker} stopped after running {Count} jobs")]
    private partial void LogStopped(string worker, long count);
}

using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Hands committed job rows to Hangfire: a row becomes a Hangfire job (enqueued, or scheduled at its run
/// time) running <see cref="JobRunner.RunAsync"/>, stamped with the row's tenant, and the row records the
/// Hangfire job's id. A row exists only if the change that asked for it committed (it is written in the
/// caller's transaction), so a Hangfire job exists only for committed work. Takes rows with
/// <c>FOR UPDATE SKIP LOCKED</c> in a transaction and commits the ids after creating the Hangfire jobs: if
/// this process dies in between, the rows are taken again and the orphan Hangfire jobs, whose id no row
/// carries, do nothing when they run (<see cref="JobRunner"/> checks). Polls (<see cref="JobOptions.PollInterval"/>),
/// and an enqueue in this process wakes it.
/// </summary>
public sealed partial class JobDispatcher(
    IServiceScopeFactory scopes,
    IBackgroundJobClient client,
    JobSignal signal,
    IOptions<JobOptions> options,
    ILogger<JobDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            int dispatched;
            try
            {
                dispatched = await DispatchAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchError(e);
                dispatched = 0;
            }
            if (dispatched < options.Value.DispatchBatch)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Dispatches one batch of rows; returns how many.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = await JobStore.TakeUndispatchedAsync(db, options.Value.DispatchBatch, ct);
        if (rows.Count == 0)
        {
            return 0;
        }
        var now = DateTimeOffset.UtcNow;
        var created = new List<(long, string)>(rows.Count);
        foreach (var row in rows)
        {
            var id = row.Id;
            IState state = row.RunAt > now ? new ScheduledState(JobRetryFilter.NotBefore(row.RunAt)) : new EnqueuedState();
            TenantStampFilter.Current = row.TenantId;
            try
            {
                created.Add((id, client.Create<JobRunner>(r => r.RunAsync(id, null, CancellationToken.None), state)));
            }
            finally
            {
                TenantStampFilter.Current = null;
            }
        }
        await JobStore.MarkDispatchedAsync(db, created, ct);
        await transaction.CommitAsync(ct);
        return rows.Count;
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Job dispatcher failed; the rows are taken again at its next round")]
    private partial void LogDispatchError(Exception error);
}

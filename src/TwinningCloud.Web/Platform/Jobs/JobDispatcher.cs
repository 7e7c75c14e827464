using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Hands committed job rows to Hangfire: a row becomes a Hangfire job (enqueued, or scheduled at its run
/// time) running <see cref="JobRunner.RunAsync"/> with the row's id and a dispatch token, stamped with the
/// row's tenant. A row exists only if the change that asked for it committed (it is written in the caller's
/// transaction), so a Hangfire job exists only for committed work.
/// <para>
/// Never lets a worker wait for it: a round takes rows (<c>FOR UPDATE SKIP LOCKED</c>), writes a new token on
/// each and COMMITS (a short transaction), and only then creates the Hangfire jobs, outside any transaction. A
/// Hangfire job's claim matches its row by that token, already committed when the job can start. A Hangfire
/// job whose token is no longer its row's (a duplicate, or an orphan of a process that died mid-round) matches
/// nothing and does nothing. Rows whose Hangfire jobs could not be created get their token back at once; rows
/// of a process that died between its commit and the creations (queued, token set, overdue by
/// <see cref="JobOptions.RedispatchAfter"/>) are dispatched again with a new token.
/// </para>
/// Polls (<see cref="JobOptions.PollInterval"/>), and an enqueue in this process wakes it.
/// </summary>
internal sealed partial class JobDispatcher(
    IServiceScopeFactory scopes,
    IBackgroundJobClient client,
    JobSignal signal,
    IOptions<JobOptions> options,
    TimeProvider clock,
    ILogger<JobDispatcher> logger) : BackgroundService
{
    private DateTimeOffset _nextRedispatchCheck = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            int dispatched;
            try
            {
                await RedispatchOverdueAsync(stoppingToken);
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
        List<(UndispatchedJob Row, string Token)> taken;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var rows = await JobStore.TakeUndispatchedAsync(db, options.Value.DispatchBatch, ct);
            if (rows.Count == 0)
            {
                return 0;
            }
            taken = rows.Select(r => (r, Guid.NewGuid().ToString("N"))).ToList();
            await JobStore.MarkDispatchedAsync(db, taken.Select(t => (t.Row.Id, t.Token)).ToList(), ct);
            await transaction.CommitAsync(ct);
        }
        var now = clock.GetUtcNow();
        var created = 0;
        try
        {
            foreach (var (row, token) in taken)
            {
                var id = row.Id;
                IState state = row.RunAt > now ? new ScheduledState(JobRetryFilter.NotBefore(row.RunAt)) : new EnqueuedState();
                TenantStampFilter.Current = row.TenantId;
                try
                {
                    client.Create<JobRunner>(r => r.RunAsync(id, token, null, CancellationToken.None), state);
                }
                finally
                {
                    TenantStampFilter.Current = null;
                }
                created++;
            }
        }
        catch (Exception) when (created < taken.Count)
        {
            // Hangfire's storage refused: the rows without a Hangfire job are given back for the next round.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await JobStore.UndispatchAsync(db, taken.Skip(created).Select(t => (t.Row.Id, t.Token)).ToList(), CancellationToken.None);
            throw;
        }
        return taken.Count;
    }

    /// <summary>Rows left with a token but no Hangfire job by a process that died mid-round: dispatched again (at most once a minute).</summary>
    private async Task RedispatchOverdueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < _nextRedispatchCheck)
        {
            return;
        }
        _nextRedispatchCheck = now + TimeSpan.FromMinutes(1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var overdue = now - options.Value.RedispatchAfter;
        var count = await db.Jobs.Where(j => j.State == JobState.Queued && j.HangfireJobId != null && j.RunAt < overdue)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.HangfireJobId, (string?)null), ct);
        if (count > 0)
        {
            LogRedispatched(count);
        }
    }

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "{Count} queued jobs overdue with a dispatch token but never run are dispatched again")]
    private partial void LogRedispatched(int count);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Job dispatcher failed; the rows are taken again at its next round")]
    private partial void LogDispatchError(Exception error);
}

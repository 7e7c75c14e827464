using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>A kind no handler runs: such a job goes dead at its first attempt.</summary>
    public const string UnknownJobKind = "tests.unknown-kind";

    /// <summary>
    /// Writes a job directly in <paramref name="state"/> (the app's worker runs during tests: queued and failed
    /// jobs are planned a year ahead so that it leaves them alone, and a running one holds a long lease of
    /// another worker). <paramref name="tenantId"/> null: a platform job.
    /// </summary>
    public async Task<Job> AddJobAsync(
        Guid? tenantId, string label, JobState state, string kind = "jobs.no-op", string? lastError = null,
        int attempts = 0, int maxAttempts = JobOptions.DefaultMaxAttempts, string? idempotencyKey = null, DateTimeOffset? runAt = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var finished = state is JobState.Succeeded or JobState.Dead or JobState.Cancelled;
        var job = new Job
        {
            TenantId = tenantId,
            Kind = kind,
            Label = label,
            State = state,
            RunAt = runAt ?? (state is JobState.Queued or JobState.Failed ? now.AddYears(1) : now.AddMinutes(-5)),
            Attempts = attempts,
            MaxAttempts = maxAttempts,
            LastError = lastError,
            IdempotencyKey = idempotencyKey,
            CreatedAt = now.AddMinutes(-10),
            StartedAt = state == JobState.Queued ? null : now.AddMinutes(-6),
            FinishedAt = finished ? now.AddMinutes(-5) : null,
            LockedBy = state == JobState.Running ? "elsewhere/1/abcdef" : null,
            HangfireJobId = state == JobState.Queued ? null : "0",
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }

    public async Task<Job> LoadJobAsync(long id)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.Id == id);
    }

    /// <summary>
    /// Brings a planned job forward (or queues a finished one again, as after a crash): it runs now. The row is given back
    /// to the dispatcher, due now, so a new Hangfire job (with a new token) runs it at once; a Hangfire job already
    /// scheduled for it, its token stale, does nothing.
    /// </summary>
    public async Task RunJobNowAsync(long id)
    {
        await using var scope = services.CreateAsyncScope();
        var now = DateTimeOffset.UtcNow;
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.RunAt, now).SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)
            .SetProperty(j => j.HangfireJobId, (string?)null));
    }

    /// <summary>Waits (up to <paramref name="timeout"/>, 20 s by default) until job <paramref name="id"/> is in <paramref name="state"/>.</summary>
    public async Task<Job> WaitForJobAsync(long id, JobState state, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var job = await LoadJobAsync(id);
            if (job.State == state)
            {
                return job;
            }
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"job {id} is {job.State}, not {state}, after waiting (last error: {job.LastError})");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The daily sweep that <see cref="TwinningCloud.Web.Features.Reminders.ReminderSweepSchedules"/> wants for <paramref name="tenant"/> now (null: none).</summary>
    public static async Task<DailyJob?> SweepScheduleAsync(IServiceProvider services, TwinningCloud.Web.Platform.Tenancy.TenantInfo tenant)
    {
        services.GetRequiredService<TwinningCloud.Web.Platform.Tenancy.TenantCatalog>().Invalidate();
        await using var scope = services.CreateAsyncScope();
        var all = await new TwinningCloud.Web.Features.Reminders.ReminderSweepSchedules().AllAsync(scope.ServiceProvider, default);
        return all.SingleOrDefault(s => s.TenantId == tenant.Id);
    }
}

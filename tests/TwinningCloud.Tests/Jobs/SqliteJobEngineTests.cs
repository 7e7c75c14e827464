using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Jobs;

/// <summary>
/// The embedded default: one app process on SQLite runs the same engine (its own claim statement, Guid
/// as text and times as binary ticks written by hand in the engine's SQL): jobs run, fail, die, keep
/// their idempotency, and a reminder goes from sweep to outbox.
/// </summary>
public sealed class SqliteJobEngineTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tc-sqlite-jobs-");
    private AppFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new AppFactory("unused", new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(_folder.FullName, "app.db")}",
            ["Email:Delivery"] = "Outbox",
            ["Jobs:PollInterval"] = "00:00:00.100",
            ["Jobs:RetryBaseDelay"] = "00:00:00.100",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            ["Jobs:SchedulePollInterval"] = "00:00:00.200",
        });
        _app.UseKestrel(0);
        _app.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Jobs_run_once_per_key_and_an_unknown_kind_ends_dead_with_its_error()
    {
        var data = new TestData(_app.Services);
        var town = await data.CreateTenantAsync("sqlite-town", modules: [ModuleKeys.Agreements]);
        await InScopeAsync(town, async sp =>
        {
            var queue = sp.GetRequiredService<JobQueue>();
            Assert.True(await queue.EnqueueAsync(new JobRequest(NoOpKind) { IdempotencyKey = "once" }));
            Assert.False(await queue.EnqueueAsync(new JobRequest(NoOpKind) { IdempotencyKey = "once" }));
            Assert.True(await queue.EnqueueAsync(new JobRequest("no.such-kind") { Label = "a job nobody runs" }));
        });

        var jobs = await WaitForAsync(town, js => js.Count == 2 && js.All(j => j.State is JobState.Succeeded or JobState.Dead));

        Assert.All(jobs, j => Assert.Equal(town.Id, j.TenantId));
        Assert.Equal(JobState.Succeeded, jobs.Single(j => j.Kind == NoOpKind).State);
        var dead = jobs.Single(j => j.Kind == "no.such-kind");
        Assert.Equal(JobState.Dead, dead.State);
        Assert.Contains("No handler runs jobs of kind 'no.such-kind'", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(1, dead.Attempts);
        Assert.NotNull(dead.FinishedAt);
    }

    [Fact]
    public async Task A_review_date_seven_days_ahead_is_reminded_once_into_the_outbox()
    {
        var data = new TestData(_app.Services);
        var town = await data.CreateTenantAsync("sqlite-town", culture: "en", modules: [ModuleKeys.Agreements, ModuleKeys.Reminders]);
        await data.CreateStaffAsync(town, "admin@sqlite-town.test", Roles.TenantAdmin);
        var today = ReminderSweep.TodayIn(town, DateTimeOffset.UtcNow);
        await data.InTenantAsync(town, async db =>
        {
            db.Add(new Agreement { Title = "Friendship pact with Lakeside", NextReviewOn = today.AddDays(7) });
            return await db.SaveChangesAsync();
        });

        var first = await InScopeAsync(town, sp => sp.GetRequiredService<ReminderSweep>().SweepAsync());
        var second = await InScopeAsync(town, sp => sp.GetRequiredService<ReminderSweep>().SweepAsync());

        Assert.Equal((1, 1), (first.Planned, first.JobsEnqueued));
        Assert.Equal((0, 0), (second.Planned, second.JobsEnqueued));
        var jobs = await WaitForAsync(town, js => js.Count == 1 && js[0].State == JobState.Succeeded);
        Assert.Equal(ReminderMail.Kind, jobs[0].Kind);
        await using var scope = _app.Services.CreateAsyncScope();
        var outbox = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<TwinningCloud.Web.Platform.Email.OutboxEmail>().ToListAsync();
        var mail = Assert.Single(outbox, m => m.Subject.Contains("Friendship pact with Lakeside", StringComparison.Ordinal));
        Assert.Equal("admin@sqlite-town.test", mail.To);
        Assert.Contains("/sqlite-town/admin/agreements/", mail.TextBody, StringComparison.Ordinal);
        var delivery = await data.InTenantAsync(town, db => db.Set<ReminderDelivery>().SingleAsync());
        Assert.Equal((ReminderDeliveryState.Sent, 7), (delivery.State, delivery.OffsetDays));
    }

    private const string NoOpKind = "jobs.no-op";

    private Task<T> InScopeAsync<T>(TenantInfo tenant, Func<IServiceProvider, Task<T>> work) =>
        _app.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, work);

    private Task InScopeAsync(TenantInfo tenant, Func<IServiceProvider, Task> work) =>
        _app.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, work);

    private async Task<List<Job>> WaitForAsync(TenantInfo tenant, Func<List<Job>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var jobs = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.AsNoTracking()
                .Where(j => j.TenantId == tenant.Id).OrderBy(j => j.Id).ToListAsync();
            if (done(jobs))
            {
                return jobs;
            }
            Assert.True(DateTime.UtcNow < deadline, "Jobs did not finish: " + string.Join("; ", jobs.Select(j => $"{j.Kind} {j.State} {j.LastError}")));
            await Task.Delay(100);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Jobs;

/// <summary>The job engine against PostgreSQL: transactional enqueue, idempotency, tenant context, retries, dead jobs, give-back, rescue.</summary>
public sealed class EngineTests(JobsApp app) : IClassFixture<JobsApp>
{
    private static string Marker() => Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_job_enqueued_in_a_rolled_back_transaction_does_not_exist_and_one_in_a_committed_transaction_runs()
    {
        var tenant = await app.Data.CreateTenantAsync($"tx{Marker()}");
        var rolledBack = Marker();
        var committed = Marker();

        foreach (var (marker, commit) in new[] { (rolledBack, false), (committed, true) })
        {
            await app.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, async sp =>
            {
                var db = sp.GetRequiredService<AppDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.Add(new PartnerCity { Name = $"City {marker}", CountryCode = "IT" });
                await db.SaveChangesAsync();
                Assert.True(await sp.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(ProbeJob.Kind, new ProbePayload(marker)) { IdempotencyKey = $"probe/{marker}" }));
                if (commit)
                {
                    await transaction.CommitAsync();
                }
                else
                {
                    await transaction.RollbackAsync();
                }
            });
        }

        await JobsApp.WaitUntilAsync(async () => (await JobsApp.JobByKeyAsync(app.Services, $"probe/{committed}"))?.State == JobState.Succeeded, "the committed job succeeds",
            describe: async () => System.Text.Json.JsonSerializer.Serialize(await JobsApp.JobByKeyAsync(app.Services, $"probe/{committed}")) + JobsApp.HangfireHistory(app.Services, (await JobsApp.JobByKeyAsync(app.Services, $"probe/{committed}"))?.HangfireJobId) + string.Join('\n', app.Factory.Logs.Entries.Where(e => e.Category.StartsWith("Hangfire", StringComparison.Ordinal) || e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).TakeLast(25).Select(e => e.ToString())));
        Assert.Single(ProbeJob.Runs(committed));
        Assert.Null(await JobsApp.JobByKeyAsync(app.Services, $"probe/{rolledBack}"));
        await Task.Delay(300); // a few polls: nothing may run what does not exist
        Assert.Empty(ProbeJob.Runs(rolledBack));
        var cities = await app.Data.InTenantAsync(tenant, db => db.Set<PartnerCity>().Select(c => c.Name).ToListAsync());
        Assert.Equal([$"City {committed}"], cities);
    }

    [Fact]
    public async Task The_same_idempotency_key_enqueues_one_job_even_from_concurrent_contexts()
    {
        var marker = Marker();
        var key = $"probe/{marker}";
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        async Task<bool> Enqueue()
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(ProbeJob.Kind, new ProbePayload(marker)) { IdempotencyKey = key });
        }

        Assert.True(await Enqueue());
        Assert.False(await Enqueue());

        // Twelve contexts at once with a fresh key: exactly one of them inserts.
        var concurrent = Marker();
        var concurrentKey = $"probe/{concurrent}";
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(ProbeJob.Kind, new ProbePayload(concurrent)) { IdempotencyKey = concurrentKey });
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(racers);
        Assert.Single(results, r => r);

        // Two open transactions: the second insert waits for the first; after its commit, the second is a no-op.
        var txMarker = Marker();
        var txKey = $"probe/{txMarker}";
        await using var first = scopes.CreateAsyncScope();
        var firstDb = first.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var firstTx = await firstDb.Database.BeginTransactionAsync();
        Assert.True(await first.ServiceProvider.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(ProbeJob.Kind, new ProbePayload(txMarker)) { IdempotencyKey = txKey }));
        var second = Task.Run(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var inserted = await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(ProbeJob.Kind, new ProbePayload(txMarker)) { IdempotencyKey = txKey });
            await tx.CommitAsync();
            return inserted;
        });
        await Task.Delay(300);
        Assert.False(second.IsCompleted, "the second insert waits for the first transaction");
        await firstTx.CommitAsync();
        Assert.False(await second);

        await using var check = scopes.CreateAsyncScope();
        var jobs = await check.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.AsNoTracking()
            .Where(j => j.IdempotencyKey == key || j.IdempotencyKey == concurrentKey || j.IdempotencyKey == txKey).ToListAsync();
        Assert.Equal(3, jobs.Count);
        foreach (var m in new[] { marker, concurrent, txMarker })
        {
            await JobsApp.WaitUntilAsync(async () => (await JobsApp.JobByKeyAsync(app.Services, $"probe/{m}"))?.State == JobState.Succeeded, $"job {m} runs");
            Assert.Single(ProbeJob.Runs(m));
        }
    }

    [Fact]
    public async Task A_job_runs_in_its_tenants_context_and_cannot_read_or_write_another_tenants_rows()
    {
        var lyon = await app.Data.CreateTenantAsync($"ly{Marker()}");
        var turin = await app.Data.CreateTenantAsync($"to{Marker()}");
        await app.Data.AddPartnerCityAsync(lyon, "Birmingham", "GB");
        var turinCity = await app.Data.AddPartnerCityAsync(turin, "Glasgow", "GB");
        var marker = Marker();

        var id = await JobsApp.EnqueueProbeAsync(app.Services, new ProbePayload(marker) { OtherTenantId = turin.Id, OtherTenantCityId = turinCity.Id }, lyon);

        await JobsApp.WaitUntilAsync(async () => (await JobsApp.JobAsync(app.Services, id))?.State == JobState.Succeeded, "the tenant job succeeds");
        var job = await JobsApp.JobAsync(app.Services, id);
        Assert.Equal(lyon.Id, job!.TenantId);
        var run = Assert.Single(ProbeJob.Runs(marker));
        Assert.Equal(lyon.Id, run.TenantId);
        Assert.Equal(["Birmingham"], run.VisibleCities);
        Assert.False(run.SawOtherCity);
        Assert.Equal(0, run.OtherCityUpdated);
        Assert.Contains("another tenant", run.ForeignWriteError, StringComparison.Ordinal);
        var turinCities = await app.Data.InTenantAsync(turin, db => db.Set<PartnerCity>().Select(c => c.Name).ToListAsync());
        Assert.Equal(["Glasgow"], turinCities);

        // A job of one tenant cannot be enqueued from another tenant's work.
        await Assert.ThrowsAsync<ForeignTenantException>(() => app.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(lyon, sp =>
            sp.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(ProbeJob.Kind, new ProbePayload(Marker())) { TenantId = turin.Id })));
    }

    [Fact]
    public async Task A_job_of_a_suspended_tenant_never_runs_and_ends_cancelled_its_hangfire_job_deleted()
    {
        var suspended = await app.Data.CreateTenantAsync($"su{Marker()}", status: TenantStatus.Suspended);
        var marker = Marker();

        var id = await JobsApp.EnqueueProbeAsync(app.Services, new ProbePayload(marker), suspended);

        await JobsApp.WaitUntilAsync(async () => (await JobsApp.JobAsync(app.Services, id))?.State == JobState.Cancelled, "the job ends cancelled");
        var job = await JobsApp.JobAsync(app.Services, id);
        Assert.Contains("is suspended", job!.LastError, StringComparison.Ordinal);
        Assert.Empty(ProbeJob.Runs(marker));
        var monitoring = app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        await JobsApp.WaitUntilAsync(() => Task.FromResult(monitoring.DeletedJobs(0, 500).Any(d => d.Value.Job is { Args.Count: > 0 } hf && hf.Args[0] is long row && row == id)),
            "its Hangfire job is deleted (our 'cancelled')");
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_growing_delays_then_ends_dead_with_its_last_error()
    {
        var marker = Marker();
        var id = await JobsApp.EnqueueProbeAsync(app.Services, new ProbePayload(marker) { FailTimes = 99 }, maxAttempts: 5);

        await JobsApp.WaitUntilAsync(async () => (await JobsApp.JobAsync(app.Services, id))?.State == JobState.Dead, "the job ends dead", TimeSpan.FromSeconds(30));

        var job = await JobsApp.JobAsync(app.Services, id);
        Assert.Equal(5, job!.Attempts);
        Assert.Equal($"InvalidOperationException: probe {marker} failed at attempt 5", job.LastError);
        Assert.NotNull(job.FinishedAt);
        Assert.Null(job.LockedBy);
        var runs = ProbeJob.Runs(marker);
        Assert.Equal([1, 2, 3, 4, 5], runs.Select(r => r.Attempt));
        // Attempt k+1 was planned (RunAt) Backoff(k) after attempt k failed: base 0.2 s doubled each time, capped at 2 s,
        // with "equal jitter" (between half and all of it). The handler saw its RunAt; attempt k failed just after it started.
        var options = app.Services.GetRequiredService<IOptions<JobOptions>>().Value;
        var gaps = new List<double>();
        for (var k = 1; k < runs.Count; k++)
        {
            var full = Math.Min(options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, k - 1), options.RetryMaxDelay.TotalMilliseconds);
            var planned = (runs[k].RunAt - runs[k - 1].StartedAt).TotalMilliseconds;
            gaps.Add(planned);
            Assert.InRange(planned, full / 2, full + 250);
            Assert.True(runs[k].StartedAt >= runs[k].RunAt, "an attempt never starts before its RunAt");
        }
        Assert.True(gaps[3] > gaps[0], $"delays grow: {string.Join(", ", gaps.Select(g => $"{g:F0} ms"))}");
    }

    [Fact]
    public void Backoff_doubles_from_the_base_delay_is_capped_and_has_jitter_within_half_of_it()
    {
        var options = app.Services.GetRequiredService<IOptions<JobOptions>>().Value;
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var full = Math.Min(options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), options.RetryMaxDelay.TotalMilliseconds);
            var samples = Enumerable.Range(0, 400).Select(_ => JobRunner.Backoff(attempt, options).TotalMilliseconds).ToList();
            Assert.All(samples, s => Assert.InRange(s, full / 2, full));
            Assert.True(samples.Distinct().Count() > 100, $"attempt {attempt}: jittered");
            Assert.InRange(samples.Average(), full * 0.7, full * 0.8); // uniform on [full/2, full]: mean 0.75
        }
    }

    [Fact]
    public async Task A_permanent_error_makes_the_job_dead_at_the_first_attempt()
    {
        var marker = Marker();
        var id = await JobsApp.EnqueueProbeAsync(app.Services, new ProbePayload(marker) { FailTimes = 99, Permanent = true });

        await JobsApp.WaitUntilAsync(async () => (await JobsApp.JobAsync(app.Services, id))?.State == JobState.Dead, "the job ends dead");

        var job = await JobsApp.JobAsync(app.Services, id);
        Assert.Equal(1, job!.Attempts);
        Assert.Equal($"PermanentJobException: probe {marker} failed at attempt 1", job.LastError);
        await Task.Delay(600);
        Assert.Single(ProbeJob.Runs(marker));
    }

    [Fact]
    public async Task An_unknown_kind_is_dead_at_once_with_its_reason()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var key = $"unknown/{Marker()}";
        await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest("test.nobody-runs-this") { IdempotencyKey = key });

        await JobsApp.WaitUntilAsync(async () => (await JobsApp.JobByKeyAsync(app.Services, key))?.State == JobState.Dead, "the job ends dead");
        Assert.Contains("No handler runs jobs of kind 'test.nobody-runs-this'", (await JobsApp.JobByKeyAsync(app.Services, key))!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_that_stops_gracefully_gives_back_its_running_job_uncounted_and_another_worker_completes_it()
    {
        // A database of its own: only the two instances of this test may claim the job.
        await using var database = await TestDatabase.CreateAsync("giveback");
        var marker = Marker();
        var first = app.CreateInstance(migrate: true, connectionString: database.ConnectionString);
        var id = await JobsApp.EnqueueProbeAsync(first.Services, new ProbePayload(marker) { BlockFirstRun = true });
        await JobsApp.WaitUntilAsync(() => Task.FromResult(ProbeJob.Runs(marker).Count == 1), "the job is running in its handler");
        var firstName = (await JobsApp.JobAsync(first.Services, id))!.LockedBy;
        Assert.NotNull(firstName);

        await first.DisposeAsync(); // graceful stop: the grace period, then the job is asked to stop and is given back

        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT state, attempts, locked_by IS NULL, hangfire_job_id IS NOT NULL FROM jobs WHERE id = @id", connection);
            read.Parameters.AddWithValue("id", id);
            await using var row = await read.ExecuteReaderAsync();
            Assert.True(await row.ReadAsync());
            Assert.Equal("queued", row.GetString(0));
            Assert.Equal(0, row.GetInt32(1)); // the interrupted attempt is not counted
            Assert.True(row.GetBoolean(2));
            Assert.True(row.GetBoolean(3)); // still its Hangfire job's, which is back in Hangfire's queue
        }

        await using var second = app.CreateInstance(connectionString: database.ConnectionString);
        await JobsApp.WaitUntilAsync(async () => (await JobsApp.JobAsync(second.Services, id))?.State == JobState.Succeeded, "the second instance completes the job");
        var done = await JobsApp.JobAsync(second.Services, id);
        Assert.Equal(1, done!.Attempts); // the given-back attempt is not counted
        Assert.Null(done.LastError);
        var runs = ProbeJob.Runs(marker);
        Assert.Equal(2, runs.Count);
        Assert.Equal(firstName, runs[0].Worker);
        Assert.NotEqual(firstName, runs[1].Worker); // another Hangfire server
        Assert.Equal([1, 1], runs.Select(r => r.Attempt));
    }
}

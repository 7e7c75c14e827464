using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Jobs;

/// <summary>
/// An app of its own for the engine tests: its own PostgreSQL database, fast job settings (short polls,
/// invisibility timeout, backoff) and the test-only <see cref="ProbeJob"/> handler. More instances on the same database come from
/// <see cref="CreateInstance"/>.
/// </summary>
public sealed class JobsApp : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string> FastJobs = new Dictionary<string, string>
    {
        ["Jobs:PollInterval"] = "00:00:00.100",
        ["Jobs:QueuePollInterval"] = "00:00:00.200",
        ["Jobs:SchedulePollInterval"] = "00:00:00.200",
        ["Jobs:InvisibilityTimeout"] = "00:00:05",
        ["Jobs:RetryBaseDelay"] = "00:00:00.200",
        ["Jobs:RetryMaxDelay"] = "00:00:02",
        ["Jobs:ShutdownGrace"] = "00:00:00.500",
    };

    private TestDatabase? _database;

    public AppFactory Factory { get; private set; } = null!;
    public IServiceProvider Services => Factory.Services;
    public string ConnectionString => _database!.ConnectionString;
    public TestData Data => new(Services);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("jobs");
        Factory = CreateInstance(migrate: true);
        _ = Factory.Services; // starts the host, its worker included
    }

    /// <summary>Another app instance on this fixture's database (or on <paramref name="connectionString"/>), with the probe handler.</summary>
    public AppFactory CreateInstance(bool migrate = false, IReadOnlyDictionary<string, string>? extra = null, string? connectionString = null)
    {
        var settings = new Dictionary<string, string>(FastJobs) { ["Database:MigrateAtStartup"] = migrate ? "true" : "false", ["Logging:LogLevel:Hangfire"] = "Debug" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        return new AppFactory(connectionString ?? ConnectionString, settings, s => s.AddJobHandler<ProbeJob>(ProbeJob.Kind));
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database!.DisposeAsync();
    }

    public static async Task<Job?> JobAsync(IServiceProvider services, long id)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id);
    }

    public static async Task<Job?> JobByKeyAsync(IServiceProvider services, string key)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.IdempotencyKey == key);
    }

    /// <summary>Enqueues a probe job (platform work, or for <paramref name="tenant"/>) and returns its id.</summary>
    public static async Task<long> EnqueueProbeAsync(IServiceProvider services, ProbePayload payload, TenantInfo? tenant = null, int? maxAttempts = null)
    {
        await using var scope = services.CreateAsyncScope();
        if (tenant is not null)
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        }
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var key = $"probe/{payload.Marker}";
        Assert.True(await queue.EnqueueAsync(new JobRequest(ProbeJob.Kind, payload) { IdempotencyKey = key, MaxAttempts = maxAttempts, Label = payload.Marker }));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Jobs.Where(j => j.IdempotencyKey == key).Select(j => j.Id).SingleAsync();
    }

    /// <summary>What Hangfire's storage says of a Hangfire job: its states, newest first, with their reasons and exceptions (for failure messages).</summary>
    public static string HangfireHistory(IServiceProvider services, string? hangfireId)
    {
        if (hangfireId is null)
        {
            return " (no Hangfire job)";
        }
        var details = services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().JobDetails(hangfireId);
        return details is null ? $" (Hangfire job {hangfireId} not found)" : $" Hangfire job {hangfireId}: " + string.Join(" | ", details.History.Select(h =>
            $"{h.StateName} {h.CreatedAt:HH:mm:ss.fff} {h.Reason} {string.Join(", ", h.Data.Select(d => $"{d.Key}={(d.Value.Length > 300 ? d.Value[..300] : d.Value)}"))}"));
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}" + (describe is null ? "" : " — " + await describe()));
            }
            await Task.Delay(50);
        }
    }
}

/// <summary>What a probe job does: fail its first attempts, fail for good, block its first run, or look at another tenant's row.</summary>
public sealed record ProbePayload(string Marker)
{
    public int FailTimes { get; init; }
    public bool Permanent { get; init; }
    /// <summary>The first run of this marker waits until the worker asks it to stop (shutdown).</summary>
    public bool BlockFirstRun { get; init; }
    public Guid? OtherTenantId { get; init; }
    public Guid? OtherTenantCityId { get; init; }
}

/// <summary>One run of a probe job, as the handler saw it.</summary>
public sealed record ProbeRun(string Marker, long JobId, int Attempt, string? Worker, DateTimeOffset StartedAt, DateTimeOffset RunAt, Guid? TenantId)
{
    public List<string> VisibleCities { get; init; } = [];
    public bool SawOtherCity { get; init; }
    public int OtherCityUpdated { get; init; }
    public string? ForeignWriteError { get; init; }
    public int CitiesOfOtherTenantCreated { get; init; }
}

/// <summary>A test-only job handler (registered only in <see cref="JobsApp"/> instances) that records what it sees.</summary>
public sealed class ProbeJob(AppDbContext db, TenantContext tenantContext, TimeProvider clock) : IJobHandler
{
    public const string Kind = "test.probe";

    private static readonly ConcurrentQueue<ProbeRun> AllRuns = new();
    private static readonly ConcurrentDictionary<string, bool> Blocked = new();

    public static IReadOnlyList<ProbeRun> Runs(string marker) => AllRuns.Where(r => r.Marker == marker).OrderBy(r => r.StartedAt).ToList();

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var p = job.Read<ProbePayload>();
        var row = await db.Jobs.Where(j => j.Id == job.Id).Select(j => new { j.RunAt, j.LockedBy }).SingleAsync(ct);
        var run = new ProbeRun(p.Marker, job.Id, job.Attempt, row.LockedBy, started, row.RunAt, tenantContext.TenantId);
        if (p.OtherTenantCityId is { } other)
        {
            run = run with
            {
                VisibleCities = await db.Set<PartnerCity>().Select(c => c.Name).OrderBy(n => n).ToListAsync(ct),
                SawOtherCity = await db.Set<PartnerCity>().AnyAsync(c => c.Id == other, ct),
                OtherCityUpdated = await db.Set<PartnerCity>().Where(c => c.Id == other).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Hacked"), ct),
            };
            try
            {
                db.Add(new PartnerCity { TenantId = p.OtherTenantId!.Value, Name = "Planted", CountryCode = "DE" });
                await db.SaveChangesAsync(ct);
            }
            catch (ForeignTenantException e)
            {
                run = run with { ForeignWriteError = e.Message };
            }
        }
        AllRuns.Enqueue(run);
        if (p.BlockFirstRun && Blocked.TryAdd(p.Marker, true))
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        if (job.Attempt <= p.FailTimes)
        {
            var message = $"probe {p.Marker} failed at attempt {job.Attempt}";
            throw p.Permanent ? new PermanentJobException(message) : new InvalidOperationException(message);
        }
    }
}

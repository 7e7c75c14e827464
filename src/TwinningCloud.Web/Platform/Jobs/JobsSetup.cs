using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Background jobs (ADR 0007): our job rows and API (<see cref="JobQueue"/>, <see cref="IJobHandler"/>), run by
/// Hangfire — PostgreSQL storage (schema <c>hangfire</c>) beside a PostgreSQL database, a SQLite file of its
/// own beside the embedded SQLite database. Everything Hangfire needs is registered in DI (storage,
/// activator, filters), not in Hangfire's static configuration, so that several app instances can live
/// in one process (the tests do).
/// </summary>
internal static class JobsSetup
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JobOptions>(configuration.GetSection("Jobs"));
        var options = configuration.GetSection("Jobs").Get<JobOptions>() ?? new JobOptions();
        services.AddSingleton<JobSignal>();
        services.AddScoped<JobQueue>();
        services.AddSingleton<JobKinds>();
        services.AddScoped<JobActions>();
        services.AddScoped<DailySchedules>();
        services.AddSingleton<IDailyJobSource, PlatformDailyJobs>();
        services.AddJobHandler<PurgeFinishedJobs>(PurgeFinishedJobs.Kind);
        services.AddJobHandler<NoOpJob>(NoOpJob.Kind);

        services.AddSingleton(sp => CreateStorage(sp, configuration, options));
        services.AddSingleton<JobActivator, TenantJobActivator>();
        services.AddSingleton<IJobFilterProvider>(_ =>
        {
            // Hangfire's default global filters minus AutomaticRetry (JobRetryFilter replaces it) and CaptureCulture.
            var filters = new JobFilterCollection();
            filters.Add(new ContinuationsSupportAttribute());
            filters.Add(new StatisticsHistoryAttribute());
            filters.Add(new TenantStampFilter());
            filters.Add(new JobRetryFilter());
            return new JobFilterProviderCollection(filters, new JobFilterAttributeFilterProvider());
        });
        services.AddHangfire((sp, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(HangfireLogProvider.Instance)); // never one app's factory, see HangfireLogProvider
        // This app's logger factory writes Hangfire's logs while the app runs (removed when its container is disposed).
        services.AddSingleton(sp => new HangfireLogRegistration(HangfireLogProvider.Instance.Add(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHostedService(sp => new HangfireLogStartup(sp.GetRequiredService<HangfireLogRegistration>()));

        if (options.RunWorker)
        {
            services.AddHangfireServer((sp, server) =>
            {
                server.WorkerCount = options.Concurrency;
                server.ServerName = JobRunner.WorkerName;
                server.SchedulePollingInterval = options.SchedulePollInterval;
                server.StopTimeout = options.ShutdownGrace;
                server.ShutdownTimeout = options.ShutdownGrace + TimeSpan.FromSeconds(5);
            });
            services.AddHostedService<JobDispatcher>();
            services.AddHostedService<RecurringJobRegistration>();
        }
        return services;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "One of two storages.")]
    private static JobStorage CreateStorage(IServiceProvider services, IConfiguration configuration, JobOptions options)
    {
        var connectionString = configuration.GetConnectionString("Default") ?? DatabaseSetup.DefaultSqlite;
        var prepare = configuration.GetValue("Database:MigrateAtStartup", false);
        if (DatabaseSetup.ProviderFrom(configuration) == DatabaseProvider.Postgres)
        {
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions()), PostgresOptions(options, prepare));
        }
        var path = SqlitePath(services.GetRequiredService<IHostEnvironment>().ContentRootPath, connectionString, configuration["Jobs:SqlitePath"]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SQLiteStorage(path, new SQLiteStorageOptions
        {
            QueuePollInterval = options.QueuePollInterval,
            InvisibilityTimeout = options.InvisibilityTimeout,
            DistributedLockLifetime = TimeSpan.FromSeconds(30),
        });
    }

    public static PostgreSqlStorageOptions PostgresOptions(JobOptions options, bool prepareSchema) => new()
    {
        SchemaName = options.Schema,
        PrepareSchemaIfNecessary = prepareSchema,
        QueuePollInterval = options.QueuePollInterval,
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = options.InvisibilityTimeout,
        EnableLongPolling = true,
    };

    /// <summary>The embedded default's Hangfire file: <c>Jobs:SqlitePath</c>, else beside the app's database (<c>x.db</c> → <c>x.hangfire.db</c>).</summary>
    public static string SqlitePath(string contentRoot, string appConnectionString, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }
        var appDb = Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(appConnectionString).DataSource, contentRoot);
        return Path.Combine(Path.GetDirectoryName(appDb)!, Path.GetFileNameWithoutExtension(appDb) + ".hangfire.db");
    }
}

/// <summary>
/// Registers the one recurring Hangfire job, <see cref="DailySchedules"/> every minute (UTC), in the background:
/// the registration takes a distributed lock that a worker killed with SIGKILL may still hold until it expires,
/// and that must never stop this instance from starting (it tries again every few seconds until it succeeds).
/// </summary>
internal sealed partial class RecurringJobRegistration(IRecurringJobManager recurring, ILogger<RecurringJobRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                recurring.AddOrUpdate<DailySchedules>(DailySchedules.RecurringId, s => s.TickAsync(CancellationToken.None), Cron.Minutely(), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRetry(e);
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "The daily schedules' recurring job could not be registered yet (a lock held by a stopped worker?); trying again in 5 s")]
    private partial void LogRetry(Exception error);
}

/// <summary>Keeps this app's logger factory among Hangfire's log targets until the container is disposed.</summary>
internal sealed class HangfireLogRegistration(IDisposable registration) : IDisposable
{
    public void Dispose() => registration.Dispose();
}

/// <summary>Creates the registration when the app starts (before Hangfire's server logs anything).</summary>
internal sealed class HangfireLogStartup(HangfireLogRegistration registration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(registration);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The platform's own daily jobs (no tenant).</summary>
internal sealed class PlatformDailyJobs : IDailyJobSource
{
    public Task<IReadOnlyList<DailyJob>> AllAsync(IServiceProvider services, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DailyJob>>([new DailyJob("platform.purge-finished-jobs", null, PurgeFinishedJobs.Kind, 3, 17, "UTC")]);
}

/// <summary>Deletes succeeded and cancelled job rows older than <see cref="JobOptions.KeepFinishedFor"/>; dead ones stay until someone acts (Hangfire expires its own records).</summary>
internal sealed class PurgeFinishedJobs(AppDbContext db, TimeProvider clock, IOptions<JobOptions> options) : IJobHandler
{
    public const string Kind = "jobs.purge-finished";

    public Task RunAsync(JobContext job, CancellationToken ct) =>
        JobStore.PurgeFinishedAsync(db, clock.GetUtcNow() - options.Value.KeepFinishedFor, ct);
}

/// <summary>
/// Does nothing (or only waits <c>sleepMs</c>, from its payload): measures the engine itself (tools/bench/jobs:
/// throughput, and the rescue of jobs held by a killed worker) and checks that workers run.
/// </summary>
internal sealed class NoOpJob : IJobHandler
{
    public const string Kind = "jobs.no-op";

    public sealed record Payload(int SleepMs = 0);

    public Task RunAsync(JobContext job, CancellationToken ct) =>
        job.Payload.Contains("sleepMs", StringComparison.Ordinal) && job.Read<Payload>() is { SleepMs: > 0 } p ? Task.Delay(p.SleepMs, ct) : Task.CompletedTask;
}

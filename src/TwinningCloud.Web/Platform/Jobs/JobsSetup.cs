using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Jobs;

public static class JobsSetup
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JobOptions>(configuration.GetSection("Jobs"));
        services.AddSingleton<JobSignal>();
        services.AddScoped<JobQueue>();
        services.AddSingleton<RecurringJobs>();
        services.AddSingleton<IRecurringJobSource, PlatformRecurringJobs>();
        services.AddJobHandler<PurgeFinishedJobs>(PurgeFinishedJobs.Kind);
        services.AddJobHandler<NoOpJob>(NoOpJob.Kind);
        if (configuration.GetValue("Jobs:RunWorker", true))
        {
            services.AddSingleton<JobWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<JobWorker>());
        }
        return services;
    }
}

/// <summary>The platform's own recurring jobs (no tenant).</summary>
internal sealed class PlatformRecurringJobs : IRecurringJobSource
{
    public string KeyPrefix => "platform.";

    public Task<IReadOnlyList<RecurringJob>> DesiredAsync(IServiceProvider services, Tenancy.TenantInfo? only, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<RecurringJob>>(only is not null ? [] : [new RecurringJob("platform.purge-finished-jobs", null, PurgeFinishedJobs.Kind, "17 3 * * *", "UTC")]);
}

/// <summary>Deletes succeeded and cancelled jobs older than <see cref="JobOptions.KeepFinishedFor"/>; dead jobs stay until someone acts.</summary>
internal sealed class PurgeFinishedJobs(AppDbContext db, TimeProvider clock, IOptions<JobOptions> options) : IJobHandler
{
    public const string Kind = "jobs.purge-finished";

    public Task RunAsync(JobContext job, CancellationToken ct) =>
        JobStore.PurgeFinishedAsync(db, clock.GetUtcNow() - options.Value.KeepFinishedFor, ct);
}

/// <summary>Does nothing: measures the engine itself (tools/bench/jobs) and checks that workers run.</summary>
internal sealed class NoOpJob : IJobHandler
{
    public const string Kind = "jobs.no-op";

    public Task RunAsync(JobContext job, CancellationToken ct) => Task.CompletedTask;
}

using TwinningCloud.Web.Platform.Jobs;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>A town's lifecycle: export (and its archive format), import as a new town, deletion after a grace period.</summary>
public static class LifecycleSetup
{
    public static IServiceCollection AddTownLifecycle(this IServiceCollection services)
    {
        services.AddScoped<TownArchiveWriter>();
        services.AddScoped<TownImporter>();
        services.AddScoped<TownExports>();
        services.AddScoped<TownDeletions>();
        services.AddJobHandler<ExportTownJob>(ExportTownJob.Kind);
        services.AddJobHandler<PurgeExportsJob>(PurgeExportsJob.Kind);
        services.AddJobHandler<DeleteTownJob>(DeleteTownJob.Kind);
        services.AddSingleton<IDailyJobSource, LifecycleDailyJobs>();
        return services;
    }
}

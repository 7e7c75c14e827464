using TwinningCloud.Web.Platform.Jobs;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

public static class CoordinatorsRegistration
{
    /// <summary>Coordinators (staff and invited members, the coordinator area); called by <see cref="CollectivesModule"/>.</summary>
    public static IServiceCollection AddCollectiveCoordinators(this IServiceCollection services)
    {
        services.AddScoped<CollectiveAreas>();
        services.AddScoped<CoordinatorInvitations>();
        services.AddScoped<CollectiveMail>(); // its Compose, for the mails of this folder (it is also the job handler of its kind)
        services.AddScoped<MemberMail>();
        services.AddJobHandler<CoordinatorMail>(CoordinatorMail.Kind);
        return services;
    }
}

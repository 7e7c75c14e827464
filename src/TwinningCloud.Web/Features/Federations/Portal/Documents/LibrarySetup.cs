using TwinningCloud.Web.Features.Federations.Portal.Calls;
using TwinningCloud.Web.Platform.Jobs;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

/// <summary>The portal's document library and calls for projects (their services and reminder jobs); pages declare their own scope and policy.</summary>
public static class LibrarySetup
{
    public static IServiceCollection AddTo(IServiceCollection services)
    {
        services.AddScoped<FederationLibrary>();
        // The portal's navigation (PortalSetup): the public documents and calls for projects, beside the portal's own pages.
        services.AddSingleton(new PortalLink("library.public.link", "documents", 70));
        services.AddSingleton(new PortalLink("calls.public.link", "calls-for-projects", 80));
        services.AddScoped<CallsEditor>();
        services.AddJobHandler<CallReminderJob>(CallReminderJob.Kind);
        services.AddJobHandler<CallReminderTownJob>(CallReminderTownJob.Kind);
        return services;
    }
}

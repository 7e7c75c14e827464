using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Portal.Events;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal;

/// <summary>
/// A federation's public portal: its sections (presentation, objectives, history, organisation, contacts), its members and
/// their map, its events with the registration of member towns' delegates. Public pages are on the platform's side and
/// anonymous; the federation's staff (admins and editors; operators read) edit the sections and the events; a member
/// town's staff register delegates from the town's administration.
/// </summary>
public static class PortalSetup
{
    private static readonly string[] AnonymousPages = ["/Federations/Portal/Index", "/Federations/Portal/Members", "/Federations/Portal/Events/Index", "/Federations/Portal/Events/Details"];
    private static readonly string[] StaffFolders = ["/Federations/Portal/Staff", "/Federations/Portal/Events/Staff"];

    public static void AddTo(IServiceCollection services)
    {
        services.AddScoped<FederationEvents>();
        services.AddJobHandler<DelegateMail>(DelegateMail.Kind);
        services.AddScoped<TwinningCloud.Web.Platform.Demo.IPlatformDemoData, PortalDemoData>(); // after the demo federations (registered before)
        // The portal's navigation: one link per section; other sections (documents, calls…) add theirs the same way.
        foreach (var (section, i) in PortalSections.All.Select((s, i) => (s, i)))
        {
            services.AddSingleton(new PortalLink($"portal.section.{section}", i == 0 ? "portal" : $"portal/{section}", i * 10));
        }
        services.AddSingleton(new PortalLink("portal.members.title", "portal/members", 50));
        services.AddSingleton(new PortalLink("events.title", "portal/events", 60));
        services.Configure<RazorPagesOptions>(o =>
        {
            foreach (var page in AnonymousPages)
            {
                o.Conventions.AddPageApplicationModelConvention(page, m => m.EndpointMetadata.Add(new EndpointScopeAttribute(EndpointScope.Platform)));
                o.Conventions.AllowAnonymousToPage(page);
            }
            // The federation's staff: admins and editors write, operators read (Policies.FederationStaff lets them GET only).
            foreach (var folder in StaffFolders)
            {
                o.Conventions.AddFolderApplicationModelConvention(folder, m => m.EndpointMetadata.Add(new EndpointScopeAttribute(EndpointScope.Platform)));
                o.Conventions.AuthorizeFolder(folder, Policies.FederationStaff);
            }
            // A member town's staff register its delegates (the town's side).
            o.Conventions.AuthorizeFolder("/Federations/Portal/Events/Town", Policies.TenantStaff);
        });
    }
}

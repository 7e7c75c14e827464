using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Features.Federations.Onboarding;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations;

/// <summary>
/// Federations: their staff pages (members, onboarding, bulk onboarding), the members' public directory and map,
/// and a town's answer to a federation (accept, decline, leave, opt out). The module key is per member town:
/// a town without "federation directory" is not shown in any federation's directory.
/// </summary>
public sealed class FederationDirectoryModule : PlatformModule
{
    public override string Key => ModuleKeys.FederationDirectory;

    /// <summary>Its folders' access rules are its own conventions (not the folder-name rule).</summary>
    public override bool DeclaresPageAccess => true;

    /// <summary>Partner matching: the town's search, its suggestions and contacts (<see cref="Matching.MatchingRegistration"/>).</summary>
    public override IEnumerable<MenuEntry> StaffMenu => [new("/admin/federations/partners", "matching.menu")];

    /// <summary>A town's side of its federations (their invitations, events, members' library): every town has it, module or not.</summary>
    public override IEnumerable<string> AlwaysOnPageFolders =>
        ["/Federations/Town", "/Federations/Portal/Events/Town", "/Federations/Portal/Documents/Members", "/Federations/Portal/Documents/MembersDownload"];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddFederationAccess();
        services.AddSingleton<DirectoryCache>();
        services.AddScoped<MemberData>();
        services.AddScoped<FederationDirectory>();
        services.AddScoped<TownOnboarding>();
        services.AddScoped<FederationMembers>();
        services.AddScoped<IPlatformDemoData, Demo.FederationDemoData>();
        Import.BulkOnboarding.AddTo(services);
        Portal.Documents.LibrarySetup.AddTo(services); // the portal's library and calls for projects ('library')
        Matching.MatchingRegistration.AddPartnerMatching(services);
        Portal.PortalSetup.AddTo(services);
        services.Configure<RazorPagesOptions>(o =>
        {
            // Staff pages of one federation: its admins and editors; operators read them (Policies.FederationStaff).
            o.Conventions.AddFolderApplicationModelConvention("/Federations/Staff", m => m.EndpointMetadata.Add(new EndpointScopeAttribute(EndpointScope.Platform)));
            o.Conventions.AuthorizeFolder("/Federations/Staff", Policies.FederationStaff);
            o.Conventions.AddFolderApplicationModelConvention("/Federations/Onboarding", m => m.EndpointMetadata.Add(new EndpointScopeAttribute(EndpointScope.Platform)));
            o.Conventions.AuthorizeFolder("/Federations/Onboarding", Policies.FederationAdmin);
            o.Conventions.AddFolderApplicationModelConvention("/Federations/Import", m => m.EndpointMetadata.Add(new EndpointScopeAttribute(EndpointScope.Platform)));
            o.Conventions.AuthorizeFolder("/Federations/Import", Policies.FederationAdmin);
            // The members' directory: public, on the platform's side.
            o.Conventions.AddFolderApplicationModelConvention("/Federations/Directory", m => m.EndpointMetadata.Add(new EndpointScopeAttribute(EndpointScope.Platform)));
            o.Conventions.AllowAnonymousToFolder("/Federations/Directory");
            // A town's side: its admins answer federations.
            o.Conventions.AuthorizeFolder("/Federations/Town", Policies.TenantAdmin);
        });
    }
}

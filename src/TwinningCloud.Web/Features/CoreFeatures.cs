using TwinningCloud.Web.Features.Api;
using TwinningCloud.Web.Features.ApiClients;
using TwinningCloud.Web.Features.Branding;
using TwinningCloud.Web.Features.ImportExport;
using TwinningCloud.Web.Features.Onboarding;
using TwinningCloud.Web.Features.Lifecycle;
using TwinningCloud.Web.Features.Seo;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Web.Features;

/// <summary>
/// The always-on core every town and the operator have: accounts and the team, the staff dashboard, the jobs pages,
/// the operator console, a town's lifecycle (export, import, deletion), API clients and the authorization server,
/// the import and export of the modules' kinds of record, the API documentation, branding, SEO files, error pages and the "coming soon" of a town in preparation.
/// </summary>
public sealed class CoreFeatures : PlatformModule
{
    public override string Key => "core";

    public override bool AlwaysOn => true;

    public override IEnumerable<string> PageFolders =>
        ["/Account", "/Team", "/Dashboard", "/Jobs", "/Lifecycle", "/Operator", "/ApiClients", "/Onboarding", "/Home", "/Errors", "/ImportExport"];

    public override IEnumerable<CliCommand> Commands =>
    [
        new("town-export", "write a town's archive: town-export --tenant SLUG --out FILE.zip", LifecycleCommands.ExportAsync),
        new("town-import", "import a town archive as a new town: town-import FILE.zip --slug NEW [--name NAME]", LifecycleCommands.ImportAsync),
    ];

    public override void Register(WebApplicationBuilder builder, ModuleCatalog catalog)
    {
        var services = builder.Services;
        services.AddApiDocumentation();
        builder.AddApiAuthorizationServer(catalog.Everything);
        services.AddScoped<Operator.Tenants.TenantEditor>();
        services.AddScoped<Jobs.TenantJobs>();
        services.AddScoped<Jobs.AllJobs>();
        services.AddScoped<TownPublication>();
        services.AddScoped<Dashboard.StaffDashboard>();
        services.AddTownLifecycle();
    }

    public override void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapAccountApi();
        group.MapAuthorizationServer();
        group.MapApiDocumentation();
        group.MapBranding();
        group.MapSeo();
        group.MapRecordsJsonExport();
    }

    public override void UseRequestGates(IApplicationBuilder app)
    {
        app.UseMiddleware<ApiClientGate>(); // OAuth tokens: their client, their scope (401/403 problem details)
        app.UseMiddleware<PreparationGate>(); // a town in preparation: "coming soon" to visitors
    }
}

using TwinningCloud.Web.Features.PartnerCities;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Agreements;

/// <summary>Agreements and partner cities: the register of a town's twinnings and cooperation agreements.</summary>
public sealed class AgreementsModule : PlatformModule
{
    public override string Key => ModuleKeys.Agreements;

    public override IEnumerable<string> PageFolders => ["/PartnerCities", "/Agreements", "/Admin/Agreements", "/Admin/PartnerCities"];

    public override IEnumerable<MenuEntry> PublicMenu => [new("/partner-cities", "nav.partner-cities")];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Countries>();
        services.AddScoped<IReferenceData, CooperationDomains>();
        services.AddScoped<ITenantInitializer, StandardDomainsForNewTenants>();
        services.AddScoped<IDemoDataContributor, PartnerCitiesDemoData>();
        services.AddScoped<PartnerCityEditor>();
        services.AddScoped<AgreementEditor>();
        services.AddSingleton<Microsoft.AspNetCore.Routing.MatcherPolicy, ExistingRecordMatcherPolicy>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapAgreementsApi();
        group.MapAgreementDocumentDownload();
    }

    private sealed class StandardDomainsForNewTenants : ITenantInitializer
    {
        public Task InitializeAsync(TenantInfo tenant, IServiceProvider tenantServices, CancellationToken ct) =>
            CooperationDomains.EnsureStandardAsync(tenantServices.GetRequiredService<AppDbContext>(), ct);
    }
}

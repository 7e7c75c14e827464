using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.ImportExport;
using TwinningCloud.Web.Features.PublicPages;
using TwinningCloud.Web.Platform.Cli;
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

    public override IEnumerable<string> PageFolders =>
        ["/PartnerCities", "/Agreements", "/PublicPages", "/Admin/Agreements", "/Admin/PartnerCities", "/Admin/Domains", "/Admin/Import", "/Admin/Export", "/Admin/Calendar", "/ImportExport"];

    public override IEnumerable<MenuEntry> PublicMenu => [new("/twinnings", "publicpages.nav.twinnings"), new("/partner-cities", "nav.partner-cities")];

    public override IEnumerable<MenuEntry> StaffMenu =>
    [
        new("/admin/agreements", "staff.nav.agreements"),
        new("/admin/partner-cities", "staff.nav.partner-cities"),
        new("/admin/domains", "staff.nav.domains"),
        new("/admin/import", "staff.nav.import"),
        new("/admin/export", "staff.nav.export"),
        new("/admin/calendar", "staff.nav.calendar"),
    ];

    public override IEnumerable<ApiScope> ApiScopes => [new("register.read", ApiAccess.Read), new("register.write", ApiAccess.Write)];

    public override IEnumerable<CliCommand> Commands => [new("partner-cities", "list a tenant's partner cities (--tenant SLUG)", ListPartnerCitiesAsync)];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Countries>();
        services.AddSingleton<Gazetteer>();
        services.AddSingleton<TwinningCloud.Web.Features.PublicPages.WorldMap>();
        services.AddScoped<TwinningCloud.Web.Features.PublicPages.PublicRegister>();
        services.AddSingleton<TwinningCloud.Web.Features.PublicPages.PublicRegisterCache>();
        services.AddScoped<Features.Admin.Domains.DomainVocabulary>();
        services.AddScoped<IReferenceData, CooperationDomains>();
        services.AddScoped<IReferenceData, TwinningCloud.Web.Features.PartnerCities.PartnerCitySlugs>();
        services.AddScoped<ITenantInitializer, StandardDomainsForNewTenants>();
        services.AddScoped<IDemoDataContributor, PartnerCitiesDemoData>();
        services.AddImportExport();
        services.AddScoped<PartnerCityEditor>();
        services.AddScoped<AgreementEditor>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapAgreementsApi();
        group.MapAgreementDocumentDownload();
        group.MapGazetteer();
        group.MapImportExport();
        group.MapWorldMapLand();
    }

    private static async Task<int> ListPartnerCitiesAsync(IServiceProvider services, string[] args)
    {
        var tenant = await CommandLine.RequireTenantAsync(services, args);
        if (tenant is null)
        {
            return 2;
        }
        return await services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            foreach (var city in await db.Set<PartnerCity>().OrderBy(c => c.Name).ToListAsync())
            {
                Console.WriteLine($"{city.Id} {city.CountryCode} {city.Name}");
            }
            return 0;
        });
    }

    private sealed class StandardDomainsForNewTenants : ITenantInitializer
    {
        public Task InitializeAsync(TenantInfo tenant, IServiceProvider tenantServices, CancellationToken ct) =>
            CooperationDomains.EnsureStandardAsync(tenantServices.GetRequiredService<AppDbContext>(), ct);
    }
}

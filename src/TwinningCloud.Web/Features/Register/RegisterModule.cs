using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Outputs;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Register.Public;
using TwinningCloud.Web.Platform.Cli;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.Domains;

namespace TwinningCloud.Web.Features.Register;

/// <summary>The register (module key "agreements"): a town's agreements, partner cities and cooperation domains, their public pages and their outputs (kinds of record for the import and export, printable list, calendar feed).</summary>
public sealed class RegisterModule : PlatformModule
{
    public override string Key => ModuleKeys.Agreements;

    public override IEnumerable<MenuEntry> PublicMenu => [new("/twinnings", "publicpages.nav.twinnings"), new("/partner-cities", "nav.partner-cities")];

    public override IEnumerable<MenuEntry> StaffMenu =>
    [
        new("/admin/agreements", "staff.nav.agreements"),
        new("/admin/partner-cities", "staff.nav.partner-cities"),
        new("/admin/domains", "staff.nav.domains"),
        new("/admin/calendar", "staff.nav.calendar"),
    ];

    public override IEnumerable<ApiScope> ApiScopes => [new("register.read", ApiAccess.Read), new("register.write", ApiAccess.Write)];

    public override IEnumerable<RecordKind> RecordKinds => [new PartnerCityRecords(), new AgreementRecords()];

    public override IEnumerable<CliCommand> Commands => [new("partner-cities", "list a tenant's partner cities (--tenant SLUG)", ListPartnerCitiesAsync)];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Countries>();
        services.AddSingleton<Gazetteer>();
        services.AddSingleton<TwinningCloud.Web.Features.Register.Public.WorldMap>();
        services.AddScoped<TwinningCloud.Web.Features.Register.Public.PublicRegister>();
        services.AddSingleton<TwinningCloud.Web.Features.Register.Public.PublicRegisterCache>();
        services.AddScoped<TwinningCloud.Web.Features.Register.Domains.Staff.DomainVocabulary>();
        services.AddScoped<IReferenceData, CooperationDomains>();
        services.AddScoped<IReferenceData, TwinningCloud.Web.Features.Register.PartnerCities.PartnerCitySlugs>();
        services.AddScoped<ITenantInitializer, StandardDomainsForNewTenants>();
        services.AddScoped<IDemoDataContributor, PartnerCitiesDemoData>();
        services.AddScoped<CalendarFeed>();
        services.AddScoped<PrintableList>();
        services.AddScoped<PartnerCityEditor>();
        services.AddScoped<AgreementEditor>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapAgreementsApi();
        group.MapAgreementDocumentDownload();
        group.MapGazetteer();
        group.MapRegisterOutputs();
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

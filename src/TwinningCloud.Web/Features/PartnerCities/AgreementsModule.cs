using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Web.Features.PartnerCities;

/// <summary>Agreements and partner cities: the register of a town's twinnings and cooperation agreements.</summary>
public sealed class AgreementsModule : PlatformModule
{
    public override string Key => ModuleKeys.Agreements;

    public override IEnumerable<string> PageFolders => ["/PartnerCities"];

    public override IEnumerable<MenuEntry> PublicMenu => [new("/partner-cities", "nav.partner-cities")];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Countries>();
        services.AddScoped<IDemoDataContributor, PartnerCitiesDemoData>();
    }
}

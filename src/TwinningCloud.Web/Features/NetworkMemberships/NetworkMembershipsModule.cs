using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships;

/// <summary>Network memberships: the town's memberships of the platform's catalogue of city networks.</summary>
public sealed class NetworkMembershipsModule : PlatformModule
{
    public override string Key => ModuleKeys.NetworkMemberships;

    public override IEnumerable<MenuEntry> PublicMenu => [new("/networks", "publicpages.nav.networks")];

    public override IEnumerable<MenuEntry> StaffMenu => [new("/admin/networks", "staff.nav.networks")];

    public override IEnumerable<ApiScope> ApiScopes => [new("memberships.read", ApiAccess.Read)];

    public override IEnumerable<RecordKind> RecordKinds => [new MembershipRecords()];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<IReferenceData, NetworkCatalog>();
        services.AddScoped<NetworkMembershipEditor>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder group) => group.MapNetworkMembershipsApi();
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    public static readonly string[] WithNetworks = [ModuleKeys.Agreements, ModuleKeys.NetworkMemberships];

    /// <summary>The id of the catalogue's network with this key ("cglu-med", "cuf"…).</summary>
    public async Task<Guid> NetworkIdAsync(string key)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<Network>().Where(n => n.Key == key).Select(n => n.Id).SingleAsync();
    }

    /// <summary>A membership of the catalogue's network <paramref name="networkKey"/> (one helper for every area's tests).</summary>
    public async Task<NetworkMembership> AddMembershipAsync(
        TenantInfo tenant, string networkKey, MembershipRole role = MembershipRole.Member, int? since = 2001,
        DateOnly? renewalOn = null, string? notes = null, bool isPublic = true, decimal annualFee = 1200m)
    {
        var networkId = await NetworkIdAsync(networkKey);
        return await InTenantAsync(tenant, async db =>
        {
            var membership = new NetworkMembership
            {
                NetworkId = networkId, Role = role, SinceYear = since, RenewalOn = renewalOn, Notes = notes, IsPublic = isPublic, AnnualFee = annualFee,
            };
            db.Add(membership);
            await db.SaveChangesAsync();
            return membership;
        });
    }

    /// <summary>An agreement of <paramref name="tenant"/> classified under the domain with this key.</summary>
    public Task<Agreement> AddAgreementInDomainAsync(TenantInfo tenant, string domainKey, string title = "Serment de jumelage") =>
        InTenantAsync(tenant, async db =>
        {
            var domain = await db.Set<CooperationDomain>().SingleAsync(d => d.Key == domainKey);
            var agreement = new Agreement { Title = title, Kind = AgreementKind.TwinningOath };
            agreement.Domains.Add(new AgreementDomain { DomainId = domain.Id });
            db.Add(agreement);
            await db.SaveChangesAsync();
            return agreement;
        });
}

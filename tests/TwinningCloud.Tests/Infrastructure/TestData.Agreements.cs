using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>An agreement of <paramref name="tenant"/> between it and <paramref name="parties"/>.</summary>
    public Task<Agreement> AddAgreementAsync(
        TenantInfo tenant, string title, Guid[] parties, bool isPublic = true, AgreementKind kind = AgreementKind.TwinningOath,
        DateOnly? signedOn = null, string[]? domains = null) =>
        InTenantAsync(tenant, async db =>
        {
            var agreement = new Agreement { Title = title, Kind = kind, IsPublic = isPublic, SignedOn = signedOn ?? new DateOnly(1958, 7, 1) };
            agreement.Parties.AddRange(parties.Select(p => new AgreementParty { PartnerCityId = p }));
            foreach (var key in domains ?? [])
            {
                var domain = db.Set<CooperationDomain>().Single(d => d.Key == key);
                agreement.Domains.Add(new AgreementDomain { DomainId = domain.Id });
            }
            db.Add(agreement);
            await db.SaveChangesAsync();
            return agreement;
        });
}

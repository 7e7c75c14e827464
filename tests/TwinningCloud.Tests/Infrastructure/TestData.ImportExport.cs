using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>The secret of the tenant's calendar feed.</summary>
    public Task<string> CalendarTokenAsync(TenantInfo tenant) =>
        InTenantAsync(tenant, db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.CalendarFeedToken).FirstAsync());

    /// <summary>An agreement with the given partner cities (and optionally domain keys, a review date, history).</summary>
    public Task<Agreement> AddAgreementAsync(
        TenantInfo tenant, string title, IEnumerable<PartnerCity> partners, bool isPublic = true, DateOnly? nextReviewOn = null,
        AgreementKind kind = AgreementKind.TwinningOath, DateOnly? signedOn = null, string[]? domains = null, AgreementEvent[]? history = null) =>
        InTenantAsync(tenant, async db =>
        {
            var agreement = new Agreement { TenantId = tenant.Id, Title = title, Kind = kind, IsPublic = isPublic, NextReviewOn = nextReviewOn, SignedOn = signedOn ?? new DateOnly(1958, 7, 10) };
            agreement.Parties.AddRange(partners.Select(p => new AgreementParty { TenantId = tenant.Id, AgreementId = agreement.Id, PartnerCityId = p.Id }));
            foreach (var key in domains ?? [])
            {
                var domain = await db.Set<CooperationDomain>().FirstAsync(d => d.Key == key);
                agreement.Domains.Add(new AgreementDomain { TenantId = tenant.Id, AgreementId = agreement.Id, DomainId = domain.Id });
            }
            foreach (var entry in history ?? [])
            {
                entry.TenantId = tenant.Id;
                entry.AgreementId = agreement.Id;
                agreement.Events.Add(entry);
            }
            db.Add(agreement);
            await db.SaveChangesAsync();
            return agreement;
        });

}

using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>Register data for the public pages' tests.</summary>
public sealed partial class TestData
{
    /// <summary>A partner city with coordinates (for the map).</summary>
    public Task<PartnerCity> AddCityAsync(TenantInfo tenant, string name, string country, double? latitude, double? longitude, bool isPublic = true) =>
        InTenantAsync(tenant, async db =>
        {
            var city = new PartnerCity { Name = name, CountryCode = country, Latitude = latitude, Longitude = longitude, IsPublic = isPublic };
            db.Add(city);
            await db.SaveChangesAsync();
            return city;
        });

    /// <summary>An agreement with the given parties and standard domains (by key), and optional history.</summary>
    public Task<Agreement> AddAgreementAsync(
        TenantInfo tenant, string title, AgreementKind kind, IEnumerable<PartnerCity> parties, string[]? domains = null,
        DateOnly? signedOn = null, bool isPublic = true, params (AgreementEventKind Kind, DateOnly On, DatePrecision Precision)[] events) =>
        InTenantAsync(tenant, async db =>
        {
            var domainIds = await db.Set<CooperationDomain>().Where(d => (domains ?? Array.Empty<string>()).Contains(d.Key)).Select(d => d.Id).ToListAsync();
            Assert.Equal((domains ?? []).Length, domainIds.Count);
            var agreement = new Agreement
            {
                Title = title, Kind = kind, SignedOn = signedOn, IsPublic = isPublic,
                Parties = parties.Select(c => new AgreementParty { PartnerCityId = c.Id }).ToList(),
                Domains = domainIds.Select(id => new AgreementDomain { DomainId = id }).ToList(),
                Events = events.Select(e => new AgreementEvent { Kind = e.Kind, OccurredOn = e.On, Precision = e.Precision }).ToList(),
            };
            db.Add(agreement);
            await db.SaveChangesAsync();
            return agreement;
        });

}

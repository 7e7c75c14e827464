using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>A public partner city with its names in the town's language and, optionally, in English.</summary>
    public Task<PartnerCity> AddNamedCityAsync(TenantInfo tenant, string name, string country, string? nameEn = null) =>
        InTenantAsync(tenant, async db =>
        {
            var city = new PartnerCity { Name = name, NameEn = nameEn, CountryCode = country, Latitude = 44.4, Longitude = 8.9 };
            db.Add(city);
            await db.SaveChangesAsync();
            return city;
        });

    /// <summary>A public agreement with its texts in both languages and a signing date of the given precision.</summary>
    public Task<Agreement> AddBilingualAgreementAsync(TenantInfo tenant, string title, Guid[] parties, string? titleEn = null, string? summary = null,
        string? summaryEn = null, DateOnly? signedOn = null, DatePrecision precision = DatePrecision.Day, AgreementKind kind = AgreementKind.TwinningOath) =>
        InTenantAsync(tenant, async db =>
        {
            var agreement = new Agreement
            {
                Title = title, TitleEn = titleEn, Summary = summary, SummaryEn = summaryEn, Kind = kind,
                SignedOn = signedOn ?? new DateOnly(1958, 7, 10), SignedPrecision = precision,
            };
            agreement.Parties.AddRange(parties.Select(p => new AgreementParty { PartnerCityId = p }));
            db.Add(agreement);
            await db.SaveChangesAsync();
            return agreement;
        });
}

using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>A public partner city with a name in its own script and a population.</summary>
    public Task<PartnerCity> AddPartnerCityAsync(TenantInfo tenant, string name, string country, string? localName, long population) =>
        InTenantAsync(tenant, async db =>
        {
            var city = new PartnerCity { Name = name, LocalName = localName, CountryCode = country, Population = population, PopulationYear = 2024 };
            db.Add(city);
            await db.SaveChangesAsync();
            return city;
        });
}

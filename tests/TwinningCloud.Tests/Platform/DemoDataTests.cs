using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.PartnerCities;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Platform;

public sealed class DemoDataTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task The_demo_holds_Marseille_and_Bagnolet_from_the_seed_documents_once_however_often_it_runs()
    {
        for (var run = 0; run < 2; run++)
        {
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }

        var catalog = App.Services.GetRequiredService<TenantCatalog>();
        var marseille = (await catalog.FindBySlugAsync("marseille"))!;
        var bagnolet = (await catalog.FindBySlugAsync("bagnolet"))!;
        Assert.Equal(("fr", "Europe/Paris"), (marseille.DefaultCulture, marseille.TimeZoneId));
        var marseilleCities = await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().Select(c => c.Name).ToListAsync());
        var bagnoletCities = await Data.InTenantAsync(bagnolet, db => db.Set<PartnerCity>().Select(c => c.Name).ToListAsync());
        Assert.Equal(15, marseilleCities.Count); // 13 twin cities + Lyon and Barcelone (charters)
        Assert.Contains("Glasgow", marseilleCities);
        Assert.Equal(6, bagnoletCities.Count); // five twinnings + Le Robert
        Assert.Contains("Sesto Fiorentino", bagnoletCities);

        using var client = App.CreateClient();
        Assert.Contains("Oranienburg", await client.GetStringAsync("/bagnolet/partner-cities"));
        Assert.DoesNotContain("Oranienburg", await client.GetStringAsync("/marseille/partner-cities"));
    }
}

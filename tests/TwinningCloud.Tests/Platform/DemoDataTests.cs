using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.NetworkMemberships;
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
        Assert.True(marseille.IsPublished && bagnolet.IsPublished, "the demo towns are published (live), not in preparation");
        var marseilleCities = await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().Select(c => c.Name).ToListAsync());
        var bagnoletCities = await Data.InTenantAsync(bagnolet, db => db.Set<PartnerCity>().Select(c => c.Name).ToListAsync());
        Assert.Equal(15, marseilleCities.Count); // 13 twin cities + Lyon and Barcelone (charters)
        Assert.Contains("Glasgow", marseilleCities);
        Assert.Equal(6, bagnoletCities.Count); // five twinnings + Le Robert
        Assert.Contains("Sesto Fiorentino", bagnoletCities);

        // Agreements and memberships come through the import (Features/Register/Outputs/DemoData).
        var marseilleAgreements = await Data.InTenantAsync(marseille, db => db.Set<Agreement>().Include(a => a.Events).Include(a => a.Parties).ToListAsync());
        Assert.Equal(24, marseilleAgreements.Count);
        Assert.Equal(13, marseilleAgreements.Count(a => a.Kind == AgreementKind.TwinningOath));
        var dakar = marseilleAgreements.Single(a => a.Title == "Serment de jumelage Marseille–Dakar");
        Assert.Equal((new DateOnly(1968, 6, 23), AgreementEventKind.Renewed, new DateOnly(1991, 5, 23)), (dakar.SignedOn!.Value, dakar.Events.Single().Kind, dakar.Events.Single().OccurredOn));
        var shanghai = marseilleAgreements.Single(a => a.Title == "Serment de jumelage Marseille–Shanghai");
        Assert.Equal([2001, 2005, 2009], shanghai.Events.Where(e => e.Precision == DatePrecision.Year).Select(e => e.OccurredOn.Year).Order());
        Assert.Equal(2, marseilleAgreements.Single(a => a.Kind == AgreementKind.MultilateralAgreement).Parties.Count);
        Assert.Equal(3, marseilleAgreements.Single(a => a.Title.StartsWith("Charte d'Alliance", StringComparison.Ordinal)).Parties.Count);
        var memberships = await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().Include(m => m.Network).ToListAsync());
        Assert.Equal(14, memberships.Count);
        Assert.Equal(MembershipRole.FoundingMember, memberships.Single(m => m.Network!.Key == "ipgr").Role);
        var bagnoletAgreements = await Data.InTenantAsync(bagnolet, db => db.Set<Agreement>().ToListAsync());
        Assert.Equal(6, bagnoletAgreements.Count);
        Assert.Null(bagnoletAgreements.Single(a => a.Title.Contains("Le Robert", StringComparison.Ordinal)).SignedOn);

        using var client = App.CreateClient();
        Assert.Contains("Oranienburg", await client.GetStringAsync("/bagnolet/partner-cities"), StringComparison.Ordinal);
        Assert.DoesNotContain("Oranienburg", await client.GetStringAsync("/marseille/partner-cities"), StringComparison.Ordinal);
    }
}

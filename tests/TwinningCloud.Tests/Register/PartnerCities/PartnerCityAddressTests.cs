using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Tests.Register.PartnerCities;

/// <summary>Partner city pages have readable addresses (<c>/partner-cities/kobe</c>); the old ones by id still lead there.</summary>
public sealed class PartnerCityAddressTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_city_gets_a_readable_address_from_its_name_unique_in_its_town_and_kept_when_renamed()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        var kobe = await Data.AddPartnerCityAsync(marseille, "Kobe", "JP");
        var kobeAgain = await Data.AddPartnerCityAsync(marseille, "Kōbe", "JP");
        var saint = await Data.AddPartnerCityAsync(marseille, "Saint-Étienne-du-Rouvray (Seine-Maritime)", "FR");
        var elsewhere = await Data.AddPartnerCityAsync(bagnolet, "Kobe", "JP");

        Assert.Equal(["kobe", "kobe-2", "saint-etienne-du-rouvray-seine-maritime"], new[] { kobe.Slug!, kobeAgain.Slug!, saint.Slug! });
        Assert.Equal("kobe", elsewhere.Slug); // unique per town, not across towns

        using var visitor = App.CreateClient();
        var page = await visitor.GetPageAsync("/marseille/partner-cities/kobe");
        Assert.Equal("Kobe", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Kōbe", (await visitor.GetPageAsync("/marseille/partner-cities/kobe-2")).QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("/marseille/partner-cities/kobe", (await visitor.GetPageAsync("/marseille/partner-cities")).QuerySelectorAll("main a").Select(a => a.GetAttribute("href")));

        await Data.InTenantAsync(marseille, async db =>
        {
            var city = await db.Set<PartnerCity>().SingleAsync(c => c.Id == kobe.Id);
            city.Name = "Kobe (Hyōgo)";
            return await db.SaveChangesAsync();
        });
        var renamed = await visitor.GetPageAsync("/marseille/partner-cities/kobe");
        Assert.Equal("Kobe (Hyōgo)", renamed.QuerySelector("h1")!.TextContent.Trim());
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync("/marseille/partner-cities/kobe-hyogo"));
    }

    [Fact]
    public async Task An_old_address_by_id_redirects_permanently_to_the_readable_one_keeping_the_language()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var genoa = await Data.AddPartnerCityAsync(marseille, "Gênes");
        using var visitor = App.CreateClient();

        var old = await visitor.GetAsync($"/marseille/partner-cities/{genoa.Id}?lang=en");

        AssertStatus(HttpStatusCode.MovedPermanently, old);
        Assert.Equal("/marseille/partner-cities/genes?lang=en", old.Headers.Location!.OriginalString);
        AssertStatus(HttpStatusCode.OK, await visitor.GetAsync("/marseille/partner-cities/genes"));
    }

    [Fact]
    public async Task Another_towns_city_and_an_internal_city_answer_404_by_slug_and_by_id()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        var oranienburg = await Data.AddPartnerCityAsync(bagnolet, "Oranienburg", "DE");
        var secret = await Data.AddPartnerCityAsync(marseille, "Ville secrète", "DE", isPublic: false);
        using var visitor = App.CreateClient();

        foreach (var url in new[]
        {
            "/marseille/partner-cities/oranienburg", $"/marseille/partner-cities/{oranienburg.Id}",
            $"/marseille/partner-cities/{secret.Slug}", $"/marseille/partner-cities/{secret.Id}",
        })
        {
            AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync(url));
        }
        AssertStatus(HttpStatusCode.OK, await visitor.GetAsync("/bagnolet/partner-cities/oranienburg"));
    }

    [Fact]
    public async Task Cities_saved_before_readable_addresses_get_theirs_at_startup_in_their_own_town()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        var genoa = await Data.AddPartnerCityAsync(marseille, "Gênes");
        var genoaAgain = await Data.AddPartnerCityAsync(marseille, "Genes");
        var sesto = await Data.AddPartnerCityAsync(bagnolet, "Sesto Fiorentino");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(3, await db.Set<PartnerCity>().IgnoreQueryFilters([AppDbContext.TenantFilter]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Slug, (string?)null)));
        }
        using var visitor = App.CreateClient();
        var before = await visitor.GetPageAsync($"/marseille/partner-cities/{genoa.Id}"); // still served by id meanwhile
        Assert.Contains("Gênes", before.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetServices<IReferenceData>().OfType<PartnerCitySlugs>().Single().SyncAsync(CancellationToken.None);
        }

        var slugs = await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().OrderBy(c => c.CreatedAt).Select(c => c.Slug).ToListAsync());
        Assert.Equal(["genes", "genes-2"], slugs);
        Assert.Equal("sesto-fiorentino", await Data.InTenantAsync(bagnolet, db => db.Set<PartnerCity>().Select(c => c.Slug).SingleAsync()));
        Assert.Equal(genoaAgain.Id, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().Where(c => c.Slug == "genes-2").Select(c => c.Id).SingleAsync()));
        Assert.Equal(sesto.Id, await Data.InTenantAsync(bagnolet, db => db.Set<PartnerCity>().Select(c => c.Id).SingleAsync()));
    }

    [Fact]
    public async Task The_language_switch_keeps_the_filters_of_the_page()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var genoa = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        await Data.AddAgreementAsync(marseille, "Jumelage Marseille–Gênes", AgreementKind.TwinningOath, [genoa], ["culture"], new DateOnly(1958, 3, 12));
        using var visitor = App.CreateClient();

        var french = await visitor.GetPageAsync("/marseille/twinnings?domain=culture&country=IT");
        var english = french.QuerySelector("nav.language-switch a[lang=en]")!.GetAttribute("href");

        Assert.Equal("?domain=culture&country=IT&lang=en", english);
        var switched = await visitor.GetPageAsync("/marseille/twinnings" + english);
        Assert.Equal("en", switched.DocumentElement.GetAttribute("lang"));
        Assert.Equal("culture", switched.QuerySelector("#domain option[selected]")!.GetAttribute("value"));
        Assert.Equal("IT", switched.QuerySelector("#country option[selected]")!.GetAttribute("value"));
        Assert.Equal("?domain=culture&country=IT&lang=fr", switched.QuerySelector("nav.language-switch a[lang=fr]")!.GetAttribute("href"));
    }
}

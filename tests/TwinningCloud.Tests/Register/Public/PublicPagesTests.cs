using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Register.Public;

public sealed class PublicPagesTests(AppFixture app) : AppTest(app)
{
    private static readonly string[] Languages = ["fr", "en"];

    private sealed record Register(TenantInfo Tenant, PartnerCity Genoa, PartnerCity Dakar, PartnerCity Marrakech, PartnerCity Hidden, PartnerCity NoCoordinates, Agreement Twinning, Agreement Tripartite, Agreement Internal);

    private async Task<Register> MarseilleAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements, ModuleKeys.NetworkMemberships]);
        var genoa = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        var dakar = await Data.AddCityAsync(marseille, "Dakar", "SN", 14.69, -17.44);
        var marrakech = await Data.AddCityAsync(marseille, "Marrakech", "MA", 31.63, -8.01);
        var hidden = await Data.AddCityAsync(marseille, "Hiddenburg", "DE", 50.1, 8.7, isPublic: false);
        var noCoordinates = await Data.AddCityAsync(marseille, "Sansposition", "JP", null, null);
        var twinning = await Data.AddAgreementAsync(marseille, "Jumelage Marseille–Gênes", AgreementKind.TwinningOath, [genoa, hidden], ["culture", "heritage"],
            new DateOnly(1958, 3, 12), events: (AgreementEventKind.Renewed, new DateOnly(1991, 5, 23), DatePrecision.Day));
        var tripartite = await Data.AddAgreementAsync(marseille, "Accord Marrakech–Marseille–Dakar", AgreementKind.CooperationAgreement, [marrakech, dakar], ["health"],
            new DateOnly(2009, 11, 2));
        var internalOne = await Data.AddAgreementAsync(marseille, "Protocole confidentiel", AgreementKind.CooperationAgreement, [genoa], ["health"],
            new DateOnly(2020, 1, 15), isPublic: false);
        await Data.AddMembershipAsync(marseille, "aimf", MembershipRole.FoundingMember, 1979);
        await Data.AddMembershipAsync(marseille, "aivp", isPublic: false);
        return new Register(marseille, genoa, dakar, marrakech, hidden, noCoordinates, twinning, tripartite, internalOne);
    }

    private static string[] PublicPages(Register r) =>
        ["/marseille/", "/marseille/twinnings", "/marseille/partner-cities", $"/marseille/partner-cities/{r.Genoa.Slug}", $"/marseille/partner-cities/{r.Dakar.Slug}", "/marseille/networks"];

    private static string WithLanguage(string url, string language) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + language;

    [Fact]
    public async Task Internal_agreements_cities_parties_and_memberships_never_appear_on_any_public_page()
    {
        var r = await MarseilleAsync();
        using var visitor = App.CreateClient();

        foreach (var language in Languages)
        {
            foreach (var url in PublicPages(r))
            {
                var response = await visitor.GetAsync(WithLanguage(url, language));
                AssertStatus(HttpStatusCode.OK, response);
                var html = await ReadAsync(response);
                Assert.DoesNotContain("Hiddenburg", html, StringComparison.Ordinal);
                Assert.DoesNotContain(r.Hidden.Id.ToString(), html, StringComparison.Ordinal);
                Assert.DoesNotContain("Protocole confidentiel", html, StringComparison.Ordinal);
                Assert.DoesNotContain(r.Internal.Id.ToString(), html, StringComparison.Ordinal);
                Assert.DoesNotContain("AIVP", html, StringComparison.Ordinal);
            }
        }
        // The same pages do show the public items (so the checks above can fail).
        var twinnings = await visitor.GetPageAsync("/marseille/twinnings");
        Assert.Contains("Jumelage Marseille–Gênes", twinnings.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Dakar", "Gênes", "Marrakech"], Pins(twinnings).Select(p => p.Title).Order(StringComparer.Ordinal).Select(t => t.Split(' ')[0]));
        Assert.Contains("AIMF", (await visitor.GetPageAsync("/marseille/networks")).Body!.TextContent, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync($"/marseille/partner-cities/{r.Hidden.Slug}"));
    }

    [Fact]
    public async Task Agreements_are_grouped_twinnings_first_with_their_cities_dates_renewals_domains_and_counts()
    {
        var r = await MarseilleAsync();
        using var visitor = App.CreateClient();

        var page = await visitor.GetPageAsync("/marseille/twinnings");
        Assert.Equal(["Jumelages", "Accords de coopération"], page.QuerySelectorAll("main section.public-group > h2").Select(h => h.TextContent));
        var twinning = page.GetElementById($"agreement-{r.Twinning.Id}")!.ParentElement!;
        Assert.Contains("Signé le 12 mars 1958", twinning.TextContent, StringComparison.Ordinal);
        Assert.Contains("Renouvelé : 23 mai 1991", twinning.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Culture", "Patrimoine"], twinning.QuerySelectorAll(".badge").Select(b => b.TextContent));
        Assert.Equal([$"/marseille/partner-cities/{r.Genoa.Slug}"], twinning.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        var tripartite = page.GetElementById($"agreement-{r.Tripartite.Id}")!.ParentElement!;
        Assert.Equal(["Dakar", "Marrakech"], tripartite.QuerySelectorAll("a").Select(a => a.TextContent));
        var counts = page.QuerySelector(".public-counts")!.TextContent;
        Assert.Contains("1 ville jumelée", counts, StringComparison.Ordinal);
        Assert.Contains("1 accord de coopération", counts, StringComparison.Ordinal);

        var english = await visitor.GetPageAsync("/marseille/twinnings?lang=en");
        Assert.Equal(["Twinnings", "Cooperation agreements"], english.QuerySelectorAll("main section.public-group > h2").Select(h => h.TextContent));
        var englishTwinning = english.GetElementById($"agreement-{r.Twinning.Id}")!.ParentElement!;
        Assert.Contains("Signed on 12 March 1958", englishTwinning.TextContent, StringComparison.Ordinal);
        Assert.Contains("Renewed: 23 May 1991", englishTwinning.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Culture", "Heritage"], englishTwinning.QuerySelectorAll(".badge").Select(b => b.TextContent));
    }

    [Fact]
    public async Task Filters_by_domain_and_by_country_apply_to_the_list_and_to_the_map()
    {
        var r = await MarseilleAsync();
        using var visitor = App.CreateClient();

        var health = await visitor.GetPageAsync("/marseille/twinnings?domain=health");
        Assert.Equal([$"agreement-{r.Tripartite.Id}"], AgreementIds(health));
        Assert.Equal(new[] { r.Dakar, r.Marrakech }.Select(CityUrl).Order(), Pins(health).Select(p => p.Href).Order());
        Assert.Equal("health", health.QuerySelector<AngleSharp.Html.Dom.IHtmlSelectElement>("select#domain")!.Value);

        var italy = await visitor.GetPageAsync("/marseille/twinnings?country=IT");
        Assert.Equal([$"agreement-{r.Twinning.Id}"], AgreementIds(italy));
        Assert.Equal([CityUrl(r.Genoa)], Pins(italy).Select(p => p.Href));
        Assert.Equal(["Gênes"], ListAlternative(italy).Select(a => a.TextContent));

        var both = await visitor.GetPageAsync("/marseille/twinnings?domain=culture&country=SN");
        Assert.Empty(AgreementIds(both));
        Assert.Empty(Pins(both));

        // The filter form offers only what the public sees: no internal city's country.
        var all = await visitor.GetPageAsync("/marseille/twinnings");
        Assert.Equal(["", "IT", "JP", "MA", "SN"], all.QuerySelectorAll("select#country option").Select(o => o.GetAttribute("value")!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Map_pins_link_to_the_cities_pages_and_the_list_alternative_lists_every_city()
    {
        var r = await MarseilleAsync();
        using var visitor = App.CreateClient();

        foreach (var url in new[] { "/marseille/", "/marseille/twinnings" })
        {
            var page = await visitor.GetPageAsync(url);
            var figure = page.QuerySelector("figure.world-map")!;
            var captionId = figure.GetAttribute("aria-labelledby")!;
            Assert.False(string.IsNullOrWhiteSpace(page.GetElementById(captionId)!.TextContent));
            Assert.Equal(captionId, figure.QuerySelector("svg")!.GetAttribute("aria-labelledby"));

            var pins = Pins(page);
            Assert.Equal(3, pins.Count);
            Assert.Contains(pins, p => p.Href == CityUrl(r.Dakar) && p.Title == "Dakar (Sénégal)");
            // Dakar is west and south of Genoa on an equirectangular map.
            var dakar = Circle(page, r.Dakar);
            var genoa = Circle(page, r.Genoa);
            Assert.True(dakar.X < genoa.X && dakar.Y > genoa.Y, $"Dakar {dakar}, Genoa {genoa}");

            // The list alternative is in the page for everyone (not hidden), with every public city, also those without coordinates.
            var list = ListAlternative(page);
            Assert.Equal(["Dakar", "Gênes", "Marrakech", "Sansposition"], list.Select(a => a.TextContent));
            Assert.Contains(CityUrl(r.NoCoordinates), list.Select(a => a.GetAttribute("href")));
            Assert.Null(page.QuerySelector(".world-map-list")!.Closest("[hidden], [aria-hidden=true], .visually-hidden"));
        }

        foreach (var (id, pin) in new[] { (r.Genoa.Slug, true), (r.NoCoordinates.Slug, false) })
        {
            var details = await visitor.GetPageAsync($"/marseille/partner-cities/{id}");
            Assert.Equal(pin ? 1 : 0, Pins(details).Count);
        }
        var genoaPage = await visitor.GetPageAsync($"/marseille/partner-cities/{r.Genoa.Slug}");
        Assert.Equal(["Jumelage Marseille–Gênes"], genoaPage.QuerySelectorAll("article.public-agreement h3").Select(h => h.TextContent));
        Assert.Equal(["Culture", "Patrimoine"], genoaPage.QuerySelectorAll(".badge-list .badge").Select(b => b.TextContent));
    }

    [Fact]
    public async Task Networks_page_shows_public_memberships_with_role_since_and_description_in_the_current_language()
    {
        await MarseilleAsync();
        using var visitor = App.CreateClient();

        var fr = await visitor.GetPageAsync("/marseille/networks");
        var card = Assert.Single(fr.QuerySelectorAll("li.public-network"));
        Assert.Contains("Membre fondateur depuis 1979", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("capitales et métropoles francophones", card.TextContent, StringComparison.Ordinal);

        var en = await visitor.GetPageAsync("/marseille/networks?lang=en");
        var enCard = Assert.Single(en.QuerySelectorAll("li.public-network"));
        Assert.Contains("Founding member since 1979", enCard.TextContent, StringComparison.Ordinal);
        Assert.Contains("French-speaking capitals", enCard.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_page_shows_the_summary_the_latest_agreements_and_the_map()
    {
        var r = await MarseilleAsync();
        using var visitor = App.CreateClient();

        var home = await visitor.GetPageAsync("/marseille/");
        var summary = home.QuerySelector(".public-summary")!.TextContent;
        Assert.Contains("1 ville jumelée", summary, StringComparison.Ordinal);
        Assert.Contains("2 accords", summary, StringComparison.Ordinal);
        Assert.Contains("4 villes partenaires", summary, StringComparison.Ordinal);
        Assert.Equal(["Accord Marrakech–Marseille–Dakar", "Jumelage Marseille–Gênes"], home.QuerySelectorAll(".public-latest a").Select(a => a.TextContent));
        Assert.Equal(3, Pins(home).Count);
        var menu = home.QuerySelectorAll("nav.main-nav a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/marseille/twinnings", menu);
        Assert.Contains("/marseille/networks", menu);
        Assert.DoesNotContain(r.Internal.Title, home.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_modules_switched_off_the_public_pages_answer_404_and_leave_the_menu_and_home()
    {
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet", modules: [ModuleKeys.Collectives]);
        var city = await Data.AddCityAsync(bagnolet, "Sesto Fiorentino", "IT", 43.8, 11.2);
        await Data.AddMembershipAsync(bagnolet, "cuf");
        var onlyAgreements = await Data.CreateTenantAsync("aubagne", "Ville d'Aubagne", modules: [ModuleKeys.Agreements]);
        await Data.AddMembershipAsync(onlyAgreements, "cuf");
        using var visitor = App.CreateClient();

        foreach (var url in new[] { "/bagnolet/twinnings", "/bagnolet/networks", "/bagnolet/partner-cities", $"/bagnolet/partner-cities/{city.Id}", "/aubagne/networks" })
        {
            AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync(url));
        }
        var home = await visitor.GetPageAsync("/bagnolet/");
        var links = home.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.DoesNotContain("/bagnolet/twinnings", links);
        Assert.DoesNotContain("/bagnolet/networks", links);
        Assert.Null(home.QuerySelector("figure.world-map"));
        Assert.Null(home.QuerySelector(".public-summary"));

        var aubagne = await visitor.GetPageAsync("/aubagne/");
        var aubagneLinks = aubagne.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/aubagne/twinnings", aubagneLinks);
        Assert.DoesNotContain("/aubagne/networks", aubagneLinks);
        AssertStatus(HttpStatusCode.OK, await visitor.GetAsync("/aubagne/twinnings"));
    }

    [Fact]
    public async Task An_edit_by_staff_shows_on_the_public_page_at_once()
    {
        var r = await MarseilleAsync();
        using var visitor = App.CreateClient();
        Assert.Contains("Jumelage Marseille–Gênes", (await visitor.GetPageAsync("/marseille/twinnings")).Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Jumelage Marseille–Gênes", (await visitor.GetPageAsync("/marseille/")).Body!.TextContent, StringComparison.Ordinal);

        await Data.InTenantAsync(r.Tenant, async db =>
        {
            var agreement = await db.Set<Agreement>().FindAsync(r.Tenant.Id, r.Twinning.Id);
            agreement!.Title = "Serment de jumelage Marseille–Gênes";
            return await db.SaveChangesAsync();
        });
        var renamed = (await visitor.GetPageAsync("/marseille/twinnings")).Body!.TextContent;
        Assert.Contains("Serment de jumelage Marseille–Gênes", renamed, StringComparison.Ordinal);
        Assert.Contains("Serment de jumelage Marseille–Gênes", (await visitor.GetPageAsync("/marseille/")).Body!.TextContent, StringComparison.Ordinal);

        await Data.InTenantAsync(r.Tenant, async db =>
        {
            var agreement = await db.Set<Agreement>().FindAsync(r.Tenant.Id, r.Twinning.Id);
            agreement!.IsPublic = false;
            var city = await db.Set<PartnerCity>().FindAsync(r.Tenant.Id, r.Dakar.Id);
            city!.IsPublic = false;
            return await db.SaveChangesAsync();
        });
        var hidden = await visitor.GetPageAsync("/marseille/twinnings");
        Assert.DoesNotContain("Serment de jumelage", hidden.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(CityUrl(r.Dakar), Pins(hidden).Select(p => p.Href));
        Assert.DoesNotContain("Dakar", ListAlternative(hidden).Select(a => a.TextContent));
    }

    private static string CityUrl(PartnerCity city) => $"/marseille/partner-cities/{city.Slug}";

    private static List<string> AgreementIds(IDocument page) =>
        page.QuerySelectorAll("article.public-agreement h3").Select(h => h.Id!).ToList();

    private static List<(string Href, string Title)> Pins(IDocument page) =>
        page.QuerySelectorAll("figure.world-map svg a").Select(a => (a.GetAttribute("href") ?? "", a.QuerySelector("title")!.TextContent)).ToList();

    private static List<IElement> ListAlternative(IDocument page) => page.QuerySelectorAll(".world-map-list li a").ToList();

    private static (double X, double Y) Circle(IDocument page, PartnerCity city)
    {
        var circle = page.QuerySelectorAll("figure.world-map svg a").Single(a => a.GetAttribute("href") == CityUrl(city)).QuerySelector("circle")!;
        return (double.Parse(circle.GetAttribute("cx")!, CultureInfo.InvariantCulture), double.Parse(circle.GetAttribute("cy")!, CultureInfo.InvariantCulture));
    }
}

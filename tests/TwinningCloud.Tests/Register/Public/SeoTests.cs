using System.Net;
using System.Xml.Linq;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Register.Public;

/// <summary>An app of its own whose public address is configured (and differs from the address it listens on, and its scheme).</summary>
public sealed class PublicOriginApp : AppFixture
{
    public const string Origin = "https://twinning.example.org";
    public const string OriginHost = "twinning.example.org";

    public PublicOriginApp() => Settings = new Dictionary<string, string> { ["Site:PublicOrigin"] = Origin };
}

/// <summary>Found and shared: meta description and Open Graph on each public page, a sitemap per town, robots.txt.</summary>
public sealed class SeoTests(PublicOriginApp app) : IClassFixture<PublicOriginApp>, IAsyncLifetime
{
    private const string TownHost = "international.marseille.example";
    private static readonly XNamespace Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private TestData Data => new(app.Services);

    private async Task<HttpResponseMessage> GetAsync(string url, string host = PublicOriginApp.OriginHost)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    private async Task<IDocument> PageAsync(string url, string host = PublicOriginApp.OriginHost)
    {
        var response = await GetAsync(url, host);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
        return await Html.ParseAsync(response);
    }

    private static string? Meta(IDocument page, string selector) => page.QuerySelector(selector)?.GetAttribute("content");

    [Fact]
    public async Task Each_public_page_has_a_description_and_Open_Graph_tags_with_its_address_from_configuration_in_both_languages()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements, ModuleKeys.NetworkMemberships]);
        var genoa = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        await Data.AddAgreementAsync(marseille, "Jumelage Marseille–Gênes", [genoa.Id]);

        var pages = new[] { "/", "/twinnings", "/partner-cities", $"/partner-cities/{genoa.PublicKey}", "/networks", "/list" };
        foreach (var path in pages)
        {
            var descriptions = new List<string>();
            foreach (var language in new[] { "fr", "en" })
            {
                var page = await PageAsync($"/marseille{path}?lang={language}");
                var description = Meta(page, "meta[name=description]");
                Assert.False(string.IsNullOrWhiteSpace(description), $"{path} ({language}) has no description");
                Assert.Contains("Marseille", description, StringComparison.Ordinal);
                descriptions.Add(description!);
                Assert.Equal(description, Meta(page, "meta[property='og:description']"));
                Assert.Equal($"{page.Title}", Meta(page, "meta[property='og:title']") + " · Ville de Marseille");
                // From configuration (https, the configured host), never from the request (http, its port), and without ?lang=.
                Assert.Equal($"{PublicOriginApp.Origin}/marseille{path}", Meta(page, "meta[property='og:url']"));
                Assert.Equal($"{PublicOriginApp.Origin}/marseille{path}", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
                Assert.Equal(language == "fr" ? "fr_FR" : "en_GB", Meta(page, "meta[property='og:locale']"));
                Assert.Null(page.QuerySelector("meta[property='og:image']"));
            }
            Assert.NotEqual(descriptions[0], descriptions[1]);
        }
        Assert.Contains("Gênes (Italie), ville partenaire de Ville de Marseille", Meta(await PageAsync($"/marseille/partner-cities/{genoa.PublicKey}?lang=fr"), "meta[name=description]"), StringComparison.Ordinal);
        // Staff and account pages are not for sharing.
        Assert.Null((await PageAsync("/marseille/sign-in")).QuerySelector("meta[property='og:url']"));
    }

    [Fact]
    public async Task A_town_with_a_logo_and_a_host_name_shares_its_logo_and_its_own_addresses()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", hosts: [TownHost]);
        await Data.InTenantAsync(marseille, async db =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Id == marseille.Id);
            tenant.LogoContent = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
            tenant.LogoContentType = "image/png";
            tenant.UpdatedAt = DateTimeOffset.UtcNow;
            return await db.SaveChangesAsync();
        });
        app.Services.GetRequiredService<TenantCatalog>().Invalidate();
        var info = (await app.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync("marseille"))!;

        var page = await PageAsync("/twinnings?page=1&lang=en", TownHost);

        Assert.Equal($"https://{TownHost}/twinnings?page=1", Meta(page, "meta[property='og:url']"));
        Assert.Equal($"https://{TownHost}/logo?v={info.Version}", Meta(page, "meta[property='og:image']"));
    }

    [Fact]
    public async Task A_towns_sitemap_lists_its_public_pages_and_public_partner_cities_with_absolute_addresses()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: [ModuleKeys.Agreements, ModuleKeys.NetworkMemberships]);
        var genoa = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        var hidden = await Data.AddCityAsync(marseille, "Villesecrète", "ES", null, null, isPublic: false);
        var hosted = await Data.CreateTenantAsync("bagnolet", hosts: [TownHost]);
        var oranienburg = await Data.AddCityAsync(hosted, "Oranienburg", "DE", null, null);
        await Data.CreateTenantAsync("suspendue", status: TenantStatus.Suspended);

        var response = await GetAsync("/marseille/sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Sitemaps + "urlset", xml.Root!.Name);
        var locations = xml.Root.Elements(Sitemaps + "url").Select(u => u.Element(Sitemaps + "loc")!.Value).ToList();
        var site = $"{PublicOriginApp.Origin}/marseille";
        Assert.Equal(
            new[] { $"{site}/", $"{site}/twinnings", $"{site}/partner-cities", $"{site}/networks", $"{site}/list", $"{site}/partner-cities/{genoa.PublicKey}" }.Order(StringComparer.Ordinal),
            locations.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(locations, l => l.Contains(hidden.Id.ToString(), StringComparison.Ordinal));

        var hostedLocations = XDocument.Parse(await (await GetAsync("/sitemap.xml", TownHost)).Content.ReadAsStringAsync())
            .Root!.Elements(Sitemaps + "url").Select(u => u.Element(Sitemaps + "loc")!.Value).ToList();
        Assert.Contains($"https://{TownHost}/partner-cities/{oranienburg.PublicKey}", hostedLocations);
        Assert.All(hostedLocations, l => Assert.StartsWith($"https://{TownHost}/", l, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("/suspendue/sitemap.xml")).StatusCode);
    }

    [Fact]
    public async Task Robots_txt_at_the_platform_and_at_a_town_host_close_staff_addresses_and_point_at_the_sitemaps()
    {
        await Data.CreateTenantAsync("marseille");
        await Data.CreateTenantAsync("bagnolet", hosts: [TownHost]);
        await Data.CreateTenantAsync("suspendue", status: TenantStatus.Suspended);

        var platform = await GetAsync("/robots.txt");
        Assert.Equal(HttpStatusCode.OK, platform.StatusCode);
        Assert.Equal("text/plain", platform.Content.Headers.ContentType!.MediaType);
        var lines = (await platform.Content.ReadAsStringAsync()).Split('\n');
        Assert.Equal("User-agent: *", lines[0]);
        Assert.Contains("Disallow: /*/admin", lines);
        Assert.Contains("Disallow: /platform/", lines);
        Assert.Equal([$"Sitemap: {PublicOriginApp.Origin}/marseille/sitemap.xml"], lines.Where(l => l.StartsWith("Sitemap:", StringComparison.Ordinal)));

        var town = (await (await GetAsync("/robots.txt", TownHost)).Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("Disallow: /admin", town);
        Assert.Contains("Disallow: /api/", town);
        Assert.Equal([$"Sitemap: https://{TownHost}/sitemap.xml"], town.Where(l => l.StartsWith("Sitemap:", StringComparison.Ordinal)));
    }
}

using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Tenancy;

public sealed class TenantResolutionTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_path_prefix_serves_that_tenants_home_page_in_its_default_language()
    {
        await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet");
        using var client = App.CreateClient();

        foreach (var (path, name) in new[] { ("/marseille", "Ville de Marseille"), ("/marseille/", "Ville de Marseille"), ("/bagnolet/", "Ville de Bagnolet") })
        {
            var response = await client.GetAsync(path);
            AssertStatus(HttpStatusCode.OK, response);
            var page = await Html.ParseAsync(response);
            Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
            Assert.Contains(name, page.QuerySelector(".brand-name")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Links_on_a_tenant_page_stay_under_the_tenants_path()
    {
        await Data.CreateTenantAsync("marseille");
        using var client = App.CreateClient();

        var page = await client.GetPageAsync("/marseille/");

        var links = page.QuerySelectorAll("nav.main-nav a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/marseille/", links);
        Assert.Contains("/marseille/partner-cities", links);
    }

    [Fact]
    public async Task A_host_name_serves_its_tenant_without_a_path_prefix()
    {
        await Data.CreateTenantAsync("marseille", "Ville de Marseille", hosts: ["international.marseille.example.org"]);
        await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet");
        using var client = App.CreateClient();

        var request = new HttpRequestMessage(HttpMethod.Get, "/partner-cities");
        request.Headers.Host = "international.marseille.example.org";
        var response = await client.SendAsync(request);

        AssertStatus(HttpStatusCode.OK, response);
        var page = await Html.ParseAsync(response);
        Assert.Contains("Ville de Marseille", page.QuerySelector(".brand-name")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("/partner-cities", page.QuerySelectorAll("nav.main-nav a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task A_host_names_tenant_wins_over_a_path_that_names_another_tenant()
    {
        await Data.CreateTenantAsync("marseille", "Ville de Marseille", hosts: ["marseille.example.org"]);
        await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet");
        using var client = App.CreateClient();

        var request = new HttpRequestMessage(HttpMethod.Get, "/bagnolet/");
        request.Headers.Host = "marseille.example.org";
        var response = await client.SendAsync(request);

        AssertStatus(HttpStatusCode.NotFound, response);
        Assert.DoesNotContain("Ville de Bagnolet", await ReadAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/no-such-town")]
    [InlineData("/no-such-town/partner-cities")]
    [InlineData("/partner-cities")]
    public async Task An_unknown_tenant_or_a_tenant_page_without_tenant_gets_the_404_page(string path)
    {
        await Data.CreateTenantAsync("marseille");
        using var client = App.CreateClient();

        var response = await client.GetAsync(path);

        AssertStatus(HttpStatusCode.NotFound, response);
        var page = await Html.ParseAsync(response);
        Assert.Equal("404", page.QuerySelector(".error-code")!.TextContent.Trim());
        Assert.Equal("Page introuvable", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_suspended_tenant_gets_a_clear_page_and_none_of_its_content()
    {
        var suspended = await Data.CreateTenantAsync("suspendue", "Ville Suspendue", status: TenantStatus.Suspended);
        var city = await Data.AddPartnerCityAsync(suspended, "Sesto Fiorentino");
        using var client = App.CreateClient();

        foreach (var path in new[] { "/suspendue/", "/suspendue/partner-cities", $"/suspendue/partner-cities/{city.Id}" })
        {
            var response = await client.GetAsync(path);
            AssertStatus(HttpStatusCode.Forbidden, response);
            var body = await ReadAsync(response);
            Assert.Contains("Ce site est suspendu", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Sesto Fiorentino", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Platform_pages_are_not_reachable_through_a_tenant()
    {
        await Data.CreateTenantAsync("marseille");
        using var client = App.CreateClient();

        AssertStatus(HttpStatusCode.NotFound, await client.GetAsync("/marseille/platform/tenants"));
        AssertStatus(HttpStatusCode.NotFound, await client.GetAsync("/marseille/platform/outbox"));
        AssertStatus(HttpStatusCode.Redirect, await client.GetAsync("/platform/outbox"));
    }

    [Fact]
    public async Task The_shared_host_root_lists_active_towns_only()
    {
        await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateTenantAsync("suspendue", "Ville Suspendue", status: TenantStatus.Suspended);
        using var client = App.CreateClient();

        var page = await client.GetPageAsync("/");

        var towns = page.QuerySelectorAll("main .card a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Ville de Marseille"], towns);
    }

    [Theory]
    [InlineData("marseille", true)]
    [InlineData("saint-denis", true)]
    [InlineData("a", true)]
    [InlineData("platform", false)]
    [InlineData("health", false)]
    [InlineData("Marseille", false)]
    [InlineData("-marseille", false)]
    [InlineData("marseille-", false)]
    [InlineData("mar seille", false)]
    [InlineData("", false)]
    public void Slugs_are_lower_case_words_and_never_a_platform_path(string slug, bool allowed) =>
        Assert.Equal(allowed, TenantSlug.IsAllowed(slug));
}

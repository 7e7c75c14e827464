using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Operator.Tenants;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Onboarding;

/// <summary>A town in preparation: "coming soon" to visitors, not listed, a preview for its staff, published and unpublished by its admins.</summary>
public sealed class PreparationTests(AppFixture app) : AppTest(app)
{
    private static readonly string[] PublicPages = ["/villeneuve/", "/villeneuve/twinnings", "/villeneuve/partner-cities", "/villeneuve/list", "/villeneuve/list.pdf", "/villeneuve/twinnings?country=IT"];

    [Fact]
    public async Task A_town_the_operator_creates_shows_visitors_coming_soon_at_every_public_address_and_no_data()
    {
        await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var town = await CreateAsOperatorAsync("villeneuve", "Ville de Villeneuve");
        Assert.False(town.IsPublished);
        var (city, _) = await AddSecretsAsync(town);
        var visitor = App.CreateClient();

        foreach (var url in PublicPages.Append($"/villeneuve/partner-cities/{city.Id}"))
        {
            for (var visit = 0; visit < 2; visit++) // the second visit too: the placeholder is never kept as the town's page
            {
                var response = await visitor.GetAsync(url);
                AssertStatus(HttpStatusCode.OK, response);
                var body = await ReadAsync(response);
                Assert.Contains("Ville de Villeneuve : bientôt en ligne", body, StringComparison.Ordinal);
                Assert.Contains("<p class=\"coming-soon-other\" lang=\"en\">Ville de Villeneuve: coming soon", body, StringComparison.Ordinal);
                Assert.DoesNotContain("Cité-Secrète", body, StringComparison.Ordinal);
                Assert.DoesNotContain("Accord-Confidentiel", body, StringComparison.Ordinal);
                Assert.Contains("<meta name=\"robots\" content=\"noindex\" />", body, StringComparison.Ordinal);
                Assert.Equal("noindex", response.Headers.GetValues("X-Robots-Tag").Single());
                Assert.False(response.Headers.TryGetValues("X-Cache", out var cache) && cache.Single() == "hit", $"{url} served from the page cache");
            }
        }
        var english = await ReadAsync(await visitor.GetAsync("/villeneuve/?lang=en"));
        Assert.Contains("Ville de Villeneuve: coming soon", english, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);

        // The anonymous API says nothing either; sign-in stays open for the town's staff.
        foreach (var url in new[] { "/villeneuve/api/v1/partner-cities", "/villeneuve/api/v1/agreements", $"/villeneuve/api/v1/partner-cities/{city.Id}" })
        {
            var response = await visitor.GetAsync(url);
            AssertStatus(HttpStatusCode.NotFound, response);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Cité-Secrète", await ReadAsync(response), StringComparison.Ordinal);
        }
        AssertStatus(HttpStatusCode.OK, await visitor.GetAsync("/villeneuve/sign-in"));
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync("/villeneuve/coming-soon"));
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync("/marseille/coming-soon"));

        // Not on the platform's front page; a published town still is, and its pages are unchanged.
        var home = await ReadAsync(await visitor.GetAsync("/"));
        Assert.Contains("Ville de Marseille", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Villeneuve", home, StringComparison.Ordinal);
        Assert.DoesNotContain("coming-soon", await ReadAsync(await visitor.GetAsync("/marseille/twinnings")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_towns_own_staff_see_the_real_pages_as_a_preview_and_other_towns_staff_do_not()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var town = await Data.CreateTownInPreparationAsync("villeneuve", "Ville de Villeneuve");
        await AddSecretsAsync(town);
        await Data.CreateStaffAsync(town, "editor@villeneuve.fr", Roles.Editor);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var editor = App.CreateClient();
        await editor.SignInAsync("/villeneuve", "editor@villeneuve.fr");
        var stranger = App.CreateClient();
        await stranger.SignInAsync("/marseille", "editor@marseille.fr");

        var preview = await ReadAsync(await editor.GetAsync("/villeneuve/twinnings"));
        Assert.Contains("Accord-Confidentiel", preview, StringComparison.Ordinal);
        Assert.Contains("Aperçu : ce site est en préparation.", preview, StringComparison.Ordinal);
        var closed = await ReadAsync(await stranger.GetAsync("/villeneuve/twinnings"));
        Assert.DoesNotContain("Accord-Confidentiel", closed, StringComparison.Ordinal);
        Assert.Contains("bientôt en ligne", closed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_publishes_the_town_and_takes_it_back_to_preparation_and_the_page_cache_follows_each_change()
    {
        await Data.EnsureOperatorAsync();
        var town = await Data.CreateTownInPreparationAsync("villeneuve", "Ville de Villeneuve");
        await AddSecretsAsync(town);
        await Data.CreateStaffAsync(town, "admin@villeneuve.fr", Roles.TenantAdmin);
        await Data.CreateStaffAsync(town, "editor@villeneuve.fr", Roles.Editor);
        var visitor = App.CreateClient();
        var operatorClient = App.CreateClient();
        await operatorClient.SignInAsOperatorAsync();
        Assert.Contains("bientôt en ligne", await ReadAsync(await visitor.GetAsync("/villeneuve/twinnings")), StringComparison.Ordinal);
        Assert.Contains("En préparation", await TownRowAsync(operatorClient), StringComparison.Ordinal);

        // An editor may not publish.
        var editor = App.CreateClient();
        await editor.SignInAsync("/villeneuve", "editor@villeneuve.fr");
        var editorPage = await editor.GetPageAsync("/villeneuve/admin");
        Assert.Null(editorPage.QuerySelector("form[action*='handler=Publish']"));
        var token = editorPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        AssertStatus(HttpStatusCode.Forbidden, await editor.PostAsync("/villeneuve/admin?handler=Publish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })));

        var admin = App.CreateClient();
        await admin.SignInAsync("/villeneuve", "admin@villeneuve.fr");
        AssertStatus(HttpStatusCode.Redirect, await admin.SubmitFormAsync("/villeneuve/admin", new Dictionary<string, string?>(), "form[action*='handler=Publish']"));
        Assert.Contains("Le site est publié", await ReadAsync(await admin.GetAsync("/villeneuve/admin")), StringComparison.Ordinal);

        var live = await visitor.GetAsync("/villeneuve/twinnings");
        Assert.Contains("Accord-Confidentiel", await ReadAsync(live), StringComparison.Ordinal);
        Assert.False(live.Headers.Contains("X-Robots-Tag"));
        Assert.Equal("miss", live.Headers.GetValues("X-Cache").Single());
        await PageCache.RequestsUntilHitAsync(visitor, "/villeneuve/twinnings");
        Assert.Contains("Ville de Villeneuve", await ReadAsync(await visitor.GetAsync("/")), StringComparison.Ordinal);
        Assert.Contains("Publié", await TownRowAsync(operatorClient), StringComparison.Ordinal);

        AssertStatus(HttpStatusCode.Redirect, await admin.SubmitFormAsync("/villeneuve/admin", new Dictionary<string, string?>(), "form[action*='handler=Unpublish']"));
        var closed = await ReadAsync(await visitor.GetAsync("/villeneuve/twinnings")); // the cached live page is dropped at once
        Assert.Contains("bientôt en ligne", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("Accord-Confidentiel", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("Villeneuve", await ReadAsync(await visitor.GetAsync("/")), StringComparison.Ordinal);

        // Both changes are in the town's audit trail, with who made them.
        var trail = await Data.InTenantAsync(town, db => db.Set<TwinningCloud.Web.Platform.Audit.AuditEntry>()
            .Where(e => e.SubjectType == nameof(Tenant)).OrderBy(e => e.At).Select(e => e.Action + " " + e.ActorName).ToListAsync());
        Assert.Equal(["Published admin@villeneuve.fr", "Unpublished admin@villeneuve.fr"], trail);
    }

    private async Task<TenantInfo> CreateAsOperatorAsync(string slug, string name)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TenantEditor>()
            .SaveAsync(null, new TenantForm { Slug = slug, DisplayName = name, Modules = [ModuleKeys.Agreements] }, null, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Values));
        return (await App.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync(slug))!;
    }

    private async Task<(TwinningCloud.Web.Features.Register.PartnerCities.PartnerCity City, Agreement Agreement)> AddSecretsAsync(TenantInfo town)
    {
        var city = await Data.AddCityAsync(town, "Cité-Secrète", "IT", 44.41, 8.93);
        var agreement = await Data.AddAgreementAsync(town, "Accord-Confidentiel", AgreementKind.TwinningOath, [city], signedOn: new DateOnly(2001, 3, 4));
        return (city, agreement);
    }

    private static async Task<string> TownRowAsync(HttpClient operatorClient)
    {
        var page = await operatorClient.GetPageAsync("/platform/tenants");
        return page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("/villeneuve", StringComparison.Ordinal)).TextContent;
    }
}

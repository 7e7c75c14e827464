using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Tests.I18n;

namespace TwinningCloud.Tests.Register.PartnerCities;

/// <summary>Issue 9 item 16: the bundled GeoNames gazetteer behind the partner-city picker, and countries chosen by their localized name.</summary>
public sealed class GazetteerTests(AppFixture app) : AppTest(app)
{
    private async Task<HttpClient> EditorOfMarseilleAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));
        return client;
    }

    [Fact]
    public async Task The_search_ignores_accents_and_case_puts_names_starting_with_the_query_first_and_answers_ten_at_most()
    {
        var editor = await EditorOfMarseilleAsync();

        var saoPaulo = await editor.GetFromJsonAsync<JsonElement>("/marseille/admin/gazetteer?q=SAO%20PAULO");
        var first = saoPaulo[0];
        Assert.Equal(("São Paulo", "BR", "Brésil"), (first.GetProperty("name").GetString(), first.GetProperty("country").GetString(), first.GetProperty("countryName").GetString()));
        Assert.True(first.GetProperty("population").GetInt64() > 10_000_000);
        Assert.InRange(first.GetProperty("latitude").GetDouble(), -24, -23);
        Assert.Contains("Zürich", (await editor.GetFromJsonAsync<JsonElement>("/marseille/admin/gazetteer?q=zurich")).EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        var many = await editor.GetFromJsonAsync<JsonElement>("/marseille/admin/gazetteer?q=san");
        Assert.Equal(Gazetteer.MaxResults, many.GetArrayLength());
        Assert.All(many.EnumerateArray().Take(3), p => Assert.StartsWith("san", Gazetteer.Fold(p.GetProperty("name").GetString()!), StringComparison.Ordinal));
        Assert.Equal(0, (await editor.GetFromJsonAsync<JsonElement>("/marseille/admin/gazetteer?q=a")).GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.GetAsync("/marseille/admin/gazetteer?q=" + new string('x', 101))).StatusCode);
    }

    [Fact]
    public async Task Only_the_towns_staff_may_search_the_gazetteer()
    {
        await EditorOfMarseilleAsync();
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var anonymous = App.CreateClient();
        using var other = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await other.SignInAsync("/bagnolet", "editor@bagnolet.fr"));

        var refused = await anonymous.GetAsync("/marseille/admin/gazetteer?q=genoa");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        var foreign = await other.GetAsync("/marseille/admin/gazetteer?q=genoa");
        Assert.NotEqual(HttpStatusCode.OK, foreign.StatusCode);
        Assert.DoesNotContain("Genoa", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Countries_are_chosen_from_a_list_sorted_by_their_name_in_the_readers_language()
    {
        var editor = await EditorOfMarseilleAsync();

        foreach (var (language, culture) in new[] { ("fr", "fr-FR"), ("en", "en-GB") })
        {
            var form = await editor.GetPageAsync($"/marseille/admin/partner-cities/new?lang={language}");
            var options = form.QuerySelectorAll("select#CountryCode option").Skip(1).Select(o => o.TextContent).ToList();
            Assert.True(options.Count > 240, $"{options.Count} countries");
            var comparer = StringComparer.Create(new System.Globalization.CultureInfo(culture), System.Globalization.CompareOptions.IgnoreCase | System.Globalization.CompareOptions.IgnoreNonSpace);
            Assert.Equal(options.Order(comparer), options);
            Assert.Contains(language == "fr" ? "Allemagne" : "Germany", options);
        }
        var french = await editor.GetPageAsync("/marseille/admin/partner-cities/new?lang=fr");
        var names = french.QuerySelectorAll("select#CountryCode option").Select(o => o.TextContent).ToList();
        Assert.True(names.IndexOf("Égypte") < names.IndexOf("Espagne"), "É sorts with E in French");

        var saved = await editor.SubmitFormAsync("/marseille/admin/partner-cities/new", new Dictionary<string, string?> { ["Form.Name"] = "Gênes", ["Form.CountryCode"] = "IT" }, "#city-form");
        AssertStatus(HttpStatusCode.Redirect, saved);
        var filter = await editor.GetPageAsync("/marseille/admin/partner-cities?lang=en");
        Assert.Equal("Italy", filter.QuerySelector("select#country option[value=IT]")!.TextContent);
    }
}

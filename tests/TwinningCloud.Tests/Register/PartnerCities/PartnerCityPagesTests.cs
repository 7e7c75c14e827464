using System.Net;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Register.PartnerCities;

public sealed class PartnerCityPagesTests(AppFixture app) : AppTest(app)
{
    private async Task<(Web.Platform.Tenancy.TenantInfo Tenant, HttpClient Editor)> EditorOfMarseilleAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));
        return (marseille, client);
    }

    [Fact]
    public async Task An_editor_adds_a_partner_city_with_all_its_fields_and_finds_it_by_its_local_name()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync();

        var saved = await editor.SubmitFormAsync("/marseille/admin/partner-cities/new", new Dictionary<string, string?>
        {
            ["Form.Name"] = "Gênes", ["Form.LocalName"] = "Genova", ["Form.CountryCode"] = "it", ["Form.Region"] = "Ligurie",
            ["Form.Population"] = "583601", ["Form.PopulationYear"] = "2011", ["Form.LeaderTitle"] = "Maire", ["Form.LeaderName"] = "Marco Bucci",
            ["Form.Latitude"] = "44.4056", ["Form.Longitude"] = "8.9463", ["Form.Website"] = "https://www.comune.genova.it", ["Form.Notes"] = "Jumelée depuis 1958",
        });

        AssertStatus(HttpStatusCode.Redirect, saved);
        var city = await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().SingleAsync());
        Assert.Equal(("Genova", "IT", 583601L, 2011, 44.4056, 8.9463), (city.LocalName, city.CountryCode, city.Population!.Value, city.PopulationYear!.Value, city.Latitude!.Value, city.Longitude!.Value));
        Assert.True(city.IsPublic);
        var list = await editor.GetPageAsync("/marseille/admin/partner-cities?q=genov");
        Assert.Equal(["Gênes"], list.QuerySelectorAll("table.data-table tbody tr td:first-child a").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public async Task An_invalid_city_answers_422_with_each_message_next_to_its_field_and_saves_nothing()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync();

        var response = await editor.SubmitFormAsync("/marseille/admin/partner-cities/new", new Dictionary<string, string?>
        {
            ["Form.Name"] = "", ["Form.CountryCode"] = "XX", ["Form.Latitude"] = "91", ["Form.Longitude"] = "8",
            ["Form.Population"] = "-5", ["Form.Website"] = "ftp://genova.it",
        });

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        foreach (var field in new[] { "Name", "CountryCode", "Latitude", "Population", "Website" })
        {
            Assert.NotNull(page.QuerySelector($"#{field}-error"));
            Assert.Equal("true", page.QuerySelector($"#{field}")!.GetAttribute("aria-invalid"));
            Assert.Contains($"{field}-error", page.QuerySelector($"#{field}")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector($"#error-summary a[href='#{field}']"));
        }
        Assert.Contains("entre -90 et 90", page.QuerySelector("#Latitude-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#Longitude-error"));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));
    }

    [Fact]
    public async Task A_city_that_is_party_to_an_agreement_cannot_be_deleted_until_it_is_free()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync();
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");
        var agreement = await Data.AddAgreementAsync(marseille, "Serment Marseille–Gênes", [genes.Id]);

        var refused = await editor.SubmitFormAsync($"/marseille/admin/partner-cities/{genes.Id}", new Dictionary<string, string?>(), "#delete-form");

        AssertStatus(HttpStatusCode.UnprocessableEntity, refused);
        Assert.Contains("partie à un accord", (await Html.ParseAsync(refused)).QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));

        await Data.InTenantAsync(marseille, async db => { db.Remove(await db.Set<TwinningCloud.Web.Features.Register.Agreements.Agreement>().SingleAsync(a => a.Id == agreement.Id)); return await db.SaveChangesAsync(); });
        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync($"/marseille/admin/partner-cities/{genes.Id}", new Dictionary<string, string?>(), "#delete-form"));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));
    }

    [Fact]
    public async Task The_staff_list_filters_by_country_sorts_by_population_and_shows_internal_cities()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync();
        await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");
        await Data.AddPartnerCityAsync(marseille, "Hambourg", "DE", isPublic: false);
        await Data.AddPartnerCityAsync(marseille, "Marrakech", "MA");
        await Data.InTenantAsync(marseille, async db =>
        {
            foreach (var (name, population) in new[] { ("Gênes", 583601L), ("Hambourg", 1841179L), ("Marrakech", 928850L) })
            {
                (await db.Set<PartnerCity>().SingleAsync(c => c.Name == name)).Population = population;
            }
            return await db.SaveChangesAsync();
        });

        static IEnumerable<string> Names(AngleSharp.Dom.IDocument page) => page.QuerySelectorAll("table.data-table tbody tr td:first-child a").Select(a => a.TextContent.Trim());
        Assert.Equal(["Hambourg", "Marrakech", "Gênes"], Names(await editor.GetPageAsync("/marseille/admin/partner-cities?sort=-population")));
        Assert.Equal(["Hambourg"], Names(await editor.GetPageAsync("/marseille/admin/partner-cities?country=DE")));
        Assert.Equal(["Gênes", "Hambourg", "Marrakech"], Names(await editor.GetPageAsync("/marseille/admin/partner-cities")));
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;
using static TwinningCloud.Tests.Register.Outputs.ImportPages;

namespace TwinningCloud.Tests.I18n;

/// <summary>Issue 9 item 15: content in both languages (exonyms, titles, summaries, network names) with marked fallbacks; plurals.</summary>
public sealed class BilingualContentTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task English_readers_see_exonyms_and_English_titles_and_French_text_standing_in_is_marked_lang_fr()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var anvers = await Data.AddNamedCityAsync(marseille, "Anvers", "BE", nameEn: "Antwerp");
        var kobe = await Data.AddNamedCityAsync(marseille, "Kobé", "JP");
        var agreement = await Data.AddBilingualAgreementAsync(marseille, "Serment de jumelage Marseille–Anvers", [anvers.Id],
            titleEn: "Twinning oath Marseille–Antwerp", summary: "Coopération portuaire.");
        var other = await Data.AddBilingualAgreementAsync(marseille, "Serment de jumelage Marseille–Kobé", [kobe.Id], summaryEn: "Port cooperation.");
        using var visitor = App.CreateClient();

        var english = await visitor.GetPageAsync("/marseille/twinnings?lang=en");
        var card = english.QuerySelector($"article[aria-labelledby='agreement-{agreement.Id}']")!;
        Assert.Equal("Twinning oath Marseille–Antwerp", card.QuerySelector("h3")!.TextContent.Trim());
        Assert.Null(card.QuerySelector("h3 [lang]"));
        Assert.Equal("Antwerp", card.QuerySelector(".public-agreement-cities a")!.TextContent.Trim());
        Assert.Equal("fr", card.QuerySelector("p[lang]")!.GetAttribute("lang"));
        Assert.Equal("Coopération portuaire.", card.QuerySelector("p[lang]")!.TextContent);
        var kobeCard = english.QuerySelector($"article[aria-labelledby='agreement-{other.Id}']")!;
        Assert.Equal("Kobé", kobeCard.QuerySelector(".public-agreement-cities a span[lang=fr]")!.TextContent);
        Assert.Equal("Serment de jumelage Marseille–Kobé", kobeCard.QuerySelector("h3 span[lang=fr]")!.TextContent);

        var french = await visitor.GetPageAsync("/marseille/twinnings?lang=fr");
        var frenchCard = french.QuerySelector($"article[aria-labelledby='agreement-{agreement.Id}']")!;
        Assert.Equal("Serment de jumelage Marseille–Anvers", frenchCard.QuerySelector("h3")!.TextContent.Trim());
        Assert.Equal("Anvers", frenchCard.QuerySelector(".public-agreement-cities a")!.TextContent.Trim());
        Assert.Null(frenchCard.QuerySelector("[lang]"));
        Assert.Equal("en", french.QuerySelector($"article[aria-labelledby='agreement-{other.Id}'] p[lang]")!.GetAttribute("lang"));

        var cityPage = await visitor.GetPageAsync($"/marseille/partner-cities/{anvers.PublicKey}?lang=en");
        Assert.StartsWith("Antwerp", cityPage.QuerySelector("h1")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("Antwerp", (await visitor.GetPageAsync("/marseille/partner-cities?lang=en")).QuerySelector(".card-grid")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Antwerp", await visitor.GetStringAsync("/marseille/list?lang=en"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_take_the_singular_for_one_in_both_languages_and_the_plural_otherwise()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var genes = await Data.AddNamedCityAsync(marseille, "Gênes", "IT", nameEn: "Genoa");
        var dakar = await Data.AddNamedCityAsync(marseille, "Dakar", "SN");
        await Data.AddBilingualAgreementAsync(marseille, "Serment Marseille–Gênes", [genes.Id]);
        await Data.AddBilingualAgreementAsync(marseille, "Accord tripartite", [genes.Id, dakar.Id], kind: AgreementKind.MultilateralAgreement);
        using var visitor = App.CreateClient();

        var french = (await visitor.GetPageAsync("/marseille/twinnings?lang=fr")).QuerySelector(".public-counts")!.TextContent;
        Assert.Contains("1 ville jumelée", french, StringComparison.Ordinal);
        Assert.Contains("1 accord multilatéral", french, StringComparison.Ordinal);
        var english = (await visitor.GetPageAsync("/marseille/twinnings?lang=en")).QuerySelector(".public-counts")!.TextContent;
        Assert.Contains("1 twin city", english, StringComparison.Ordinal);
        Assert.Contains("1 multilateral agreement", english, StringComparison.Ordinal);
        Assert.DoesNotContain("1 multilateral agreements", english, StringComparison.Ordinal);
        Assert.Contains("2 partner cities", (await visitor.GetPageAsync("/marseille/partner-cities?lang=en")).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 villes partenaires", (await visitor.GetPageAsync("/marseille/partner-cities?lang=fr")).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_keeps_the_other_languages_name_and_title_and_export_then_import_carries_them()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync("/marseille/admin/partner-cities/new", new Dictionary<string, string?>
        {
            ["Form.Name"] = "Le Pirée", ["Form.NameEn"] = "Piraeus", ["Form.CountryCode"] = "GR",
        }, "#city-form"));
        var city = await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().SingleAsync());
        Assert.Equal(("Le Pirée", "Piraeus", (string?)null), (city.Name, city.NameEn, city.NameFr));
        var form = await editor.GetPageAsync($"/marseille/admin/partner-cities/{city.Id}");
        Assert.Equal("Nom en anglais", form.QuerySelector("label[for=NameEn]")!.TextContent);
        Assert.Equal("Piraeus", form.QuerySelector("#NameEn")!.GetAttribute("value"));

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync("/marseille/admin/agreements/new", new Dictionary<string, string?>
        {
            ["Form.Title"] = "Déclaration commune Marseille–Le Pirée", ["Form.TitleEn"] = "Joint declaration Marseille–Piraeus",
            ["Form.Summary"] = "Ports et culture.", ["Form.SummaryEn"] = "Ports and culture.", ["Form.PartyIds"] = city.Id.ToString(),
        }, "#agreement-form"));
        var agreement = await Data.InTenantAsync(marseille, db => db.Set<Agreement>().SingleAsync());
        Assert.Equal(("Joint declaration Marseille–Piraeus", "Ports and culture."), (agreement.TitleEn, agreement.SummaryEn));

        var cities = await editor.GetStringAsync("/marseille/admin/export/partner-cities.csv");
        var agreements = await editor.GetStringAsync("/marseille/admin/export/agreements.csv");
        Assert.StartsWith("name,name_fr,name_en,", cities.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("Le Pirée,,Piraeus,", cities, StringComparison.Ordinal);
        Assert.Contains("Joint declaration Marseille–Piraeus", agreements, StringComparison.Ordinal);
        Assert.Contains("Ports and culture.", agreements, StringComparison.Ordinal);

        // A changed English name in the file updates the city; the rest reads back unchanged.
        var preview = await Html.ParseAsync(await UploadAsync(editor, "partner-cities.csv", cities.Replace("Piraeus", "Peiraeus", StringComparison.Ordinal)));
        Assert.Empty(BadLines(preview));
        Assert.Equal((0, 1, 0), Counts(preview)["partner-city"]);
        AssertOk(await ApplyAsync(editor, preview));
        Assert.Equal("Peiraeus", await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().Select(c => c.NameEn).SingleAsync()));
        var unchanged = await Html.ParseAsync(await UploadAsync(editor, "agreements.csv", agreements));
        Assert.Equal((0, 0, 1), Counts(unchanged)["agreement"]);
    }

    [Fact]
    public async Task Network_names_are_in_the_readers_language_on_the_public_networks_page()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: ["agreements", "network-memberships"]);
        await Data.AddMembershipAsync(marseille, "cglu");
        await Data.AddMembershipAsync(marseille, "cuf");
        using var visitor = App.CreateClient();

        var english = await visitor.GetPageAsync("/marseille/networks?lang=en");
        Assert.Contains("United Cities and Local Governments", english.QuerySelector(".card-grid")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Cités Unies France", english.QuerySelector(".card-grid span[lang=fr]")!.TextContent);
        var french = await visitor.GetPageAsync("/marseille/networks?lang=fr");
        Assert.Contains("Cités et Gouvernements Locaux Unis", french.QuerySelector(".card-grid")!.TextContent, StringComparison.Ordinal);
        Assert.Null(french.QuerySelector(".card-grid [lang]"));
        Assert.Contains("2 réseaux", french.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Features.Federations.Matching;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Federations.Matching;

/// <summary>
/// Partner matching ("cities seeking cities"): a town says what it seeks; the directory suggests member towns whose
/// public partnerships, domains and published searches fit, with the reason shown; only public data of listed members
/// is used; the form refuses bad input.
/// </summary>
public sealed class PartnerMatchingTests(AppFixture app) : AppTest(app)
{
    private static readonly string[] WithDirectory = [ModuleKeys.Agreements, ModuleKeys.FederationDirectory];

    private async Task<TenantInfo> MemberAsync(Federation federation, string slug, string name, bool listed = true)
    {
        var town = await Data.CreateTenantAsync(slug, name, modules: WithDirectory);
        await Data.AddFederationMemberAsync(federation, town, listed: listed);
        return town;
    }

    /// <summary>CUF: Bagnolet seeks; Marseille works on water with Rabat; Lyon has a partner in Morocco (culture); Nice works on water in Italy; Lille nothing that fits.</summary>
    private async Task<(Federation Cuf, TenantInfo Bagnolet)> CufAsync()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var bagnolet = await MemberAsync(cuf, "bagnolet", "Ville de Bagnolet");
        var marseille = await MemberAsync(cuf, "marseille", "Ville de Marseille");
        await Data.AddAgreementAsync(marseille, "Accord Marseille–Rabat", AgreementKind.CooperationAgreement, [await Data.AddCityAsync(marseille, "Rabat", "MA", 34.02, -6.83)], ["water", "culture"]);
        var lyon = await MemberAsync(cuf, "lyon", "Ville de Lyon");
        await Data.AddAgreementAsync(lyon, "Jumelage Lyon–Fès", AgreementKind.TwinningOath, [await Data.AddCityAsync(lyon, "Fès", "MA", 34.03, -5.0)], ["culture"]);
        var nice = await MemberAsync(cuf, "nice", "Ville de Nice");
        await Data.AddAgreementAsync(nice, "Accord Nice–Gênes", AgreementKind.CooperationAgreement, [await Data.AddCityAsync(nice, "Gênes", "IT", 44.41, 8.93)], ["water"]);
        var lille = await MemberAsync(cuf, "lille", "Ville de Lille");
        await Data.AddAgreementAsync(lille, "Jumelage Lille–Cologne", AgreementKind.TwinningOath, [await Data.AddCityAsync(lille, "Cologne", "DE", 50.9, 6.9)], ["sport"]);
        // Lille's internal agreement on water with an internal Moroccan city must not make it a suggestion: public data only.
        await Data.AddAgreementAsync(lille, "Accord-interne-lille", AgreementKind.CooperationAgreement, [await Data.AddCityAsync(lille, "Oujda-interne", "MA", 34.68, -1.9, isPublic: false)], ["water"], isPublic: false);
        // Not members, or not listed: never suggested.
        var toulouse = await Data.CreateTenantAsync("toulouse", "Ville de Toulouse", modules: WithDirectory);
        await Data.AddAgreementAsync(toulouse, "Accord Toulouse–Tanger", AgreementKind.CooperationAgreement, [await Data.AddCityAsync(toulouse, "Tanger", "MA", 35.77, -5.8)], ["water"]);
        var brest = await MemberAsync(cuf, "brest", "Ville de Brest", listed: false);
        await Data.AddAgreementAsync(brest, "Accord Brest–Agadir", AgreementKind.CooperationAgreement, [await Data.AddCityAsync(brest, "Agadir", "MA", 30.42, -9.6)], ["water"]);
        return (cuf, bagnolet);
    }

    [Fact]
    public async Task A_town_seeking_partners_in_Morocco_on_water_is_suggested_the_members_that_work_on_it_there_with_the_reason_shown()
    {
        var (_, bagnolet) = await CufAsync();
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/bagnolet", "editor@bagnolet.fr"));

        var saved = await editor.SubmitFormAsync("/bagnolet/admin/federations/partners", new Dictionary<string, string?>
        {
            ["Form.SoughtCountries"] = "MA", ["Form.SoughtDomains"] = "water", ["Form.OwnCountryCode"] = "FR", ["Form.OwnPopulation"] = "36 000",
            ["Form.TextFr"] = "Nous cherchons une ville du Maroc pour travailler sur l'eau.", ["Form.IsPublic"] = "true",
        }, "#partner-search-form");
        AssertStatus(HttpStatusCode.Redirect, saved);

        var page = await editor.GetPageAsync("/bagnolet/admin/federations/partners?lang=en");
        var suggested = page.QuerySelectorAll("[data-federation=cuf] .match-list > li").Select(li => li.GetAttribute("data-town") ?? string.Empty).ToArray();
        Assert.Equal(["marseille", "lyon", "nice"], suggested); // best fit first; Lille, Toulouse (not a member) and Brest (not listed) never
        string Reasons(string town) => page.QuerySelector($"[data-federation=cuf] li[data-town={town}] .match-reasons")!.TextContent;
        Assert.Contains("also works on water with Rabat (Morocco)", Reasons("marseille"), StringComparison.Ordinal);
        Assert.Contains("already has partnerships with Fès (Morocco)", Reasons("lyon"), StringComparison.Ordinal);
        Assert.Contains("also works on water with Gênes (Italy)", Reasons("nice"), StringComparison.Ordinal);
        Assert.DoesNotContain("Oujda-interne", page.Body!.TextContent, StringComparison.Ordinal);
        var french = await editor.GetPageAsync("/bagnolet/admin/federations/partners?lang=fr");
        Assert.Contains("travaille aussi dans le domaine « Eau » avec Rabat (Maroc)",
            french.QuerySelector("li[data-town=marseille] .match-reasons")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(36000, (await Data.InTenantAsync(bagnolet, db => db.Set<PartnerSearch>().SingleAsync())).OwnPopulation);
    }

    [Fact]
    public async Task The_public_seeking_page_shows_published_searches_with_their_suggestions_and_never_a_draft()
    {
        var (_, bagnolet) = await CufAsync();
        await Data.SetPartnerSearchAsync(bagnolet, s => { s.SoughtCountries = ["MA"]; s.SoughtDomains = ["water"]; s.TextFr = "Bagnolet cherche le Maroc"; s.TextEn = "Bagnolet seeks Morocco"; });
        var lille = (await App.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync("lille"))!;
        await Data.SetPartnerSearchAsync(lille, s => { s.SoughtCountries = ["JP"]; s.TextFr = "brouillon-secret-de-lille"; }, isPublic: false);
        using var visitor = App.CreateClient();

        var fr = await visitor.GetPageAsync("/federations/cuf/directory/seeking?lang=fr");
        var en = await visitor.GetPageAsync("/federations/cuf/directory/seeking?lang=en");

        Assert.Equal("1 ville cherche des partenaires", fr.QuerySelector("#seeking-count")!.TextContent.Trim());
        var seeker = fr.QuerySelector("article[data-town=bagnolet]")!;
        Assert.Contains("Bagnolet cherche le Maroc", seeker.TextContent, StringComparison.Ordinal);
        Assert.Equal(["marseille", "lyon", "nice"], seeker.QuerySelectorAll(".match-list > li").Select(li => li.GetAttribute("data-town") ?? string.Empty).ToArray());
        Assert.Contains("travaille aussi dans le domaine « Eau » avec Rabat (Maroc)", seeker.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bagnolet seeks Morocco", en.QuerySelector("article[data-town=bagnolet]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("also works on water with Rabat (Morocco)", en.QuerySelector("article[data-town=bagnolet]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(fr.QuerySelector("article[data-town=lille]"));
        Assert.DoesNotContain("brouillon-secret-de-lille", fr.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await visitor.GetPageAsync("/federations/cuf/directory")).QuerySelector("#directory-seeking-link"));
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync("/federations/nobody/directory/seeking"));

        // A town that leaves the federation disappears from the page at once.
        var bagnoletMember = (await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().OfTownAsync(bagnolet.Id, default))).Single().Member;
        await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().UpdateAsync(bagnolet.Id, bagnoletMember.Id, m => m.Status = MemberStatus.Left, default));
        Assert.Null((await visitor.GetPageAsync("/federations/cuf/directory/seeking")).QuerySelector("article[data-town=bagnolet]"));
    }

    [Fact]
    public async Task Their_own_search_the_country_they_are_in_and_the_size_are_reasons_too()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU Méditerranée");
        var marseille = await MemberAsync(med, "marseille", "Ville de Marseille");
        var tunis = await MemberAsync(med, "tunis", "Ville de Tunis");
        var sfax = await MemberAsync(med, "sfax", "Ville de Sfax");
        await Data.SetPartnerSearchAsync(tunis, s => { s.OwnCountryCode = "TN"; s.OwnPopulation = 640_000; s.SoughtCountries = ["FR"]; s.SoughtDomains = ["youth"]; });
        await Data.SetPartnerSearchAsync(sfax, s => { s.OwnCountryCode = "TN"; s.OwnPopulation = 330_000; }, isPublic: false); // a draft says nothing
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        await Data.SetPartnerSearchAsync(marseille, s => { s.OwnCountryCode = "FR"; s.SoughtRegions = ["maghreb"]; s.SoughtDomains = ["youth"]; s.SoughtSizes = [TownSize.City]; });
        using var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("/marseille", "admin@marseille.fr"));

        var page = await admin.GetPageAsync("/marseille/admin/federations/partners?lang=en");

        var reasons = page.QuerySelector("[data-federation=cglu-med] li[data-town=tunis] .match-reasons")!;
        Assert.Equal(["LocatedIn", "SeeksYourCountry", "SeeksSameDomains", "Size"], reasons.QuerySelectorAll("li").Select(li => li.GetAttribute("data-reason") ?? string.Empty).ToArray());
        Assert.Contains("is in Tunisia, a country sought", reasons.TextContent, StringComparison.Ordinal);
        Assert.Contains("its own search seeks partners in France", reasons.TextContent, StringComparison.Ordinal);
        Assert.Contains("also seeks partners for: youth", reasons.TextContent, StringComparison.Ordinal);
        Assert.Contains("a town of 200,000 to 1 million inhabitants", reasons.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("li[data-town=sfax]"));
    }

    [Fact]
    public async Task The_search_form_refuses_bad_input_with_messages_next_to_the_fields_and_saves_nothing()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var bagnolet = await MemberAsync(cuf, "bagnolet", "Ville de Bagnolet");
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        using var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("/bagnolet", "admin@bagnolet.fr"));

        var response = await admin.SubmitFormAsync("/bagnolet/admin/federations/partners?lang=en", new Dictionary<string, string?>
        {
            ["Form.OwnCountryCode"] = "ZZ", ["Form.OwnPopulation"] = "many", ["Form.SoughtDomains"] = "not-a-domain",
            ["Form.SoughtRegions"] = "atlantis", ["Form.SoughtSizes"] = "Huge", ["Form.TextEn"] = new string('x', 1001), ["Form.IsPublic"] = "true",
        }, "#partner-search-form");

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Choose a country from the list.", page.QuerySelector("#OwnCountryCode-error")!.TextContent);
        Assert.Contains("whole number", page.QuerySelector("#OwnPopulation-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#SoughtDomains-error"));
        Assert.NotNull(page.QuerySelector("#SoughtRegions-error"));
        Assert.NotNull(page.QuerySelector("#SoughtSizes-error"));
        Assert.Equal("Keep the text to 1,000 characters.", page.QuerySelector("#TextEn-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#TextEn")!.GetAttribute("aria-invalid"));

        // Publishing a search that seeks nothing is refused too; twenty-one countries are too many.
        var empty = await admin.SubmitFormAsync("/bagnolet/admin/federations/partners?lang=en", new Dictionary<string, string?> { ["Form.IsPublic"] = "true" }, "#partner-search-form");
        AssertStatus(HttpStatusCode.UnprocessableEntity, empty);
        Assert.Contains("choose at least one country", (await Html.ParseAsync(empty)).QuerySelector("#SoughtCountries-error")!.TextContent, StringComparison.Ordinal);
        var tooMany = await admin.SubmitFormAsync("/bagnolet/admin/federations/partners?lang=en", new Dictionary<string, string?>
        {
            ["Form.SoughtCountries"] = "AT|BE|BG|CY|CZ|DE|DK|EE|ES|FI|GR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL",
        }, "#partner-search-form");
        AssertStatus(HttpStatusCode.UnprocessableEntity, tooMany);
        Assert.Equal("Choose at most 20 countries.", (await Html.ParseAsync(tooMany)).QuerySelector("#SoughtCountries-error")!.TextContent);
        Assert.Null(await Data.InTenantAsync(bagnolet, db => db.Set<PartnerSearch>().FirstOrDefaultAsync()));
    }

    [Fact]
    public async Task Without_the_module_the_partner_pages_answer_404()
    {
        var town = await Data.CreateTenantAsync("vitry", "Ville de Vitry", modules: [ModuleKeys.Agreements]);
        await Data.CreateStaffAsync(town, "admin@vitry.fr", Roles.TenantAdmin);
        using var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("/vitry", "admin@vitry.fr"));

        AssertStatus(HttpStatusCode.NotFound, await admin.GetAsync("/vitry/admin/federations/partners"));
        AssertStatus(HttpStatusCode.NotFound, await admin.GetAsync($"/vitry/admin/federations/partners/contacts/{Guid.NewGuid()}"));
    }
}

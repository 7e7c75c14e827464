using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Federations;

/// <summary>
/// The members' directory: only public items of listed members with the module, published and active; live (a member
/// publishing, leaving or opting out shows at once); search, counts, exports; one federation never shows another's.
/// </summary>
public sealed class DirectoryTests(AppFixture app) : AppTest(app)
{
    private static readonly string[] WithDirectory = [ModuleKeys.Agreements, ModuleKeys.FederationDirectory];

    private async Task<TenantInfo> MemberAsync(Federation federation, string slug, string name, bool listed = true, string[]? modules = null)
    {
        var town = await Data.CreateTenantAsync(slug, name, modules: modules ?? WithDirectory);
        await Data.AddFederationMemberAsync(federation, town, listed: listed);
        return town;
    }

    [Fact]
    public async Task The_directory_shows_only_public_items_of_listed_members_never_internal_drafts_notes_or_other_towns()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var marseille = await MemberAsync(cuf, "marseille", "Ville de Marseille");
        var genes = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        await Data.InTenantAsync(marseille, async db => { var c = await db.Set<PartnerCity>().SingleAsync(); c.Notes = "note-secrete-genes"; await db.SaveChangesAsync(); return c; });
        var secretCity = await Data.AddCityAsync(marseille, "Ville-secrete", "MA", 31.6, -8.0, isPublic: false);
        await Data.AddAgreementAsync(marseille, "Serment Marseille–Gênes", AgreementKind.TwinningOath, [genes], ["culture"], new DateOnly(1958, 6, 1));
        await Data.AddAgreementAsync(marseille, "Accord-interne-marseille", AgreementKind.CooperationAgreement, [genes], isPublic: false);
        await Data.AddAgreementAsync(marseille, "Accord-avec-ville-secrete", AgreementKind.CooperationAgreement, [secretCity]);
        await Data.InTenantAsync(marseille, async db =>
        {
            db.Add(new Agreement { Title = "Brouillon-marseille", Kind = AgreementKind.Charter, Status = AgreementStatus.Draft, Parties = [new AgreementParty { PartnerCityId = genes.Id }] });
            return await db.SaveChangesAsync();
        });
        var outsider = await Data.CreateTenantAsync("lyon", "Ville de Lyon", modules: WithDirectory); // not a member
        await Data.AddAgreementAsync(outsider, "Accord-de-Lyon", AgreementKind.TwinningOath, [await Data.AddCityAsync(outsider, "Beersheba-lyon", "IL", 31.2, 34.8)]);
        var optedOut = await MemberAsync(cuf, "nice", "Ville de Nice", listed: false);
        await Data.AddAgreementAsync(optedOut, "Accord-de-Nice", AgreementKind.TwinningOath, [await Data.AddCityAsync(optedOut, "Edimbourg-nice", "GB", 55.9, -3.2)]);
        var noModule = await MemberAsync(cuf, "lille", "Ville de Lille", modules: [ModuleKeys.Agreements]);
        await Data.AddAgreementAsync(noModule, "Accord-de-Lille", AgreementKind.TwinningOath, [await Data.AddCityAsync(noModule, "Cologne-lille", "DE", 50.9, 6.9)]);
        var preparing = await Data.CreateTownInPreparationAsync("rouen", "Ville de Rouen", WithDirectory);
        await Data.AddFederationMemberAsync(cuf, preparing);
        await Data.AddAgreementAsync(preparing, "Accord-de-Rouen", AgreementKind.TwinningOath, [await Data.AddCityAsync(preparing, "Hanovre-rouen", "DE", 52.4, 9.7)]);
        var invited = await Data.CreateTenantAsync("brest", "Ville de Brest", modules: WithDirectory);
        await Data.AddFederationMemberAsync(cuf, invited, MemberStatus.Invited);
        await Data.AddAgreementAsync(invited, "Accord-de-Brest", AgreementKind.TwinningOath, [await Data.AddCityAsync(invited, "Plymouth-brest", "GB", 50.4, -4.1)]);

        var response = await App.CreateClient().GetAsync("/federations/cuf/directory");

        AssertStatus(HttpStatusCode.OK, response);
        var html = await ReadAsync(response);
        Assert.Contains("Serment Marseille–Gênes", html, StringComparison.Ordinal);
        var map = await ReadAsync(await App.CreateClient().GetAsync("/federations/cuf/directory/map"));
        Assert.Contains("Gênes (Italie), partenaire de Ville de Marseille", map, StringComparison.Ordinal); // its pin on the map
        foreach (var hidden in new[] { "note-secrete-genes", "Ville-secrete", "Accord-interne-marseille", "Brouillon-marseille", "Accord-de-Lyon", "Beersheba-lyon",
                     "Accord-de-Nice", "Edimbourg-nice", "Accord-de-Lille", "Cologne-lille", "Accord-de-Rouen", "Hanovre-rouen", "Accord-de-Brest", "Plymouth-brest" })
        {
            Assert.DoesNotContain(hidden, html, StringComparison.Ordinal);
        }
        // The public agreement with only an internal city lists no partner: the city never shows, not even as a party.
        Assert.DoesNotContain("Accord-avec-ville-secrete", html, StringComparison.Ordinal);
        foreach (var export in new[] { "/federations/cuf/directory.csv", "/federations/cuf/directory.json", "/federations/cuf/directory/map" })
        {
            var body = await ReadAsync(await App.CreateClient().GetAsync(export));
            Assert.Contains("Gênes", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Ville-secrete", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Accord-de-Lyon", body, StringComparison.Ordinal);
            Assert.DoesNotContain("note-secrete", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_directory_is_live_a_member_publishing_leaving_or_opting_out_shows_at_once()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var marseille = await MemberAsync(cuf, "marseille", "Ville de Marseille");
        var genes = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        await Data.AddAgreementAsync(marseille, "Serment Marseille–Gênes", AgreementKind.TwinningOath, [genes]);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet", modules: WithDirectory);
        await Data.AddAgreementAsync(bagnolet, "Jumelage Bagnolet–Oranienburg", AgreementKind.TwinningOath, [await Data.AddCityAsync(bagnolet, "Oranienburg", "DE", 52.75, 13.24)]);
        using var visitor = App.CreateClient();
        async Task<string> DirectoryAsync() => await ReadAsync(await visitor.GetAsync("/federations/cuf/directory"));
        Assert.Contains("Serment Marseille–Gênes", await DirectoryAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Oranienburg", await DirectoryAsync(), StringComparison.Ordinal);

        // A member publishes a new agreement: shown on the next request.
        var kobe = await Data.AddCityAsync(marseille, "Kobé", "JP", 34.69, 135.19);
        await Data.AddAgreementAsync(marseille, "Accord Marseille–Kobé", AgreementKind.CooperationAgreement, [kobe]);
        Assert.Contains("Accord Marseille–Kobé", await DirectoryAsync(), StringComparison.Ordinal);

        // A town joins (accepts an invitation): shown at once.
        var bagnoletMember = await Data.AddFederationMemberAsync(cuf, bagnolet, MemberStatus.Invited);
        Assert.DoesNotContain("Oranienburg", await DirectoryAsync(), StringComparison.Ordinal);
        await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().UpdateAsync(bagnolet.Id, bagnoletMember.Id, m => m.Status = MemberStatus.Accepted, default));
        Assert.Contains("Oranienburg", await DirectoryAsync(), StringComparison.Ordinal);

        // The member makes the agreement internal: gone at once.
        await Data.InTenantAsync(marseille, async db => { var a = await db.Set<Agreement>().SingleAsync(x => x.Title == "Accord Marseille–Kobé"); a.IsPublic = false; return await db.SaveChangesAsync(); });
        Assert.DoesNotContain("Accord Marseille–Kobé", await DirectoryAsync(), StringComparison.Ordinal);

        // Marseille opts out, Bagnolet leaves: both gone at once.
        var marseilleMember = await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().OfTownAsync(marseille.Id, default));
        await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().UpdateAsync(marseille.Id, marseilleMember.Single().Member.Id, m => m.ListedInDirectory = false, default));
        Assert.DoesNotContain("Serment Marseille–Gênes", await DirectoryAsync(), StringComparison.Ordinal);
        await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().UpdateAsync(bagnolet.Id, bagnoletMember.Id, m => m.Status = MemberStatus.Left, default));
        Assert.DoesNotContain("Oranienburg", await DirectoryAsync(), StringComparison.Ordinal);

        // Switching the module off takes a member out too.
        await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().UpdateAsync(marseille.Id, marseilleMember.Single().Member.Id, m => m.ListedInDirectory = true, default));
        Assert.Contains("Serment Marseille–Gênes", await DirectoryAsync(), StringComparison.Ordinal);
        await Data.SetModuleAsync(marseille, ModuleKeys.FederationDirectory, on: false);
        Assert.DoesNotContain("Serment Marseille–Gênes", await DirectoryAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_directory_searches_by_partner_country_city_domain_kind_and_year_and_counts_by_country_and_domain()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var marseille = await MemberAsync(cuf, "marseille", "Ville de Marseille");
        var bagnolet = await MemberAsync(cuf, "bagnolet", "Ville de Bagnolet");
        await Data.AddAgreementAsync(marseille, "Serment Marseille–Gênes", AgreementKind.TwinningOath, [await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93)], ["culture"], new DateOnly(1958, 6, 1));
        await Data.AddAgreementAsync(marseille, "Accord Marseille–Alger", AgreementKind.CooperationAgreement, [await Data.AddCityAsync(marseille, "Alger", "DZ", 36.75, 3.04)], ["water", "health"], new DateOnly(1980, 1, 1));
        await Data.AddAgreementAsync(bagnolet, "Jumelage Bagnolet–Oranienburg", AgreementKind.TwinningOath, [await Data.AddCityAsync(bagnolet, "Oranienburg", "DE", 52.75, 13.24)], ["culture"], new DateOnly(1980, 9, 1));
        using var visitor = App.CreateClient();
        async Task<string[]> PartnersAsync(string query) =>
            (await visitor.GetPageAsync("/federations/cuf/directory" + query)).QuerySelectorAll("#directory-table tbody tr td:nth-child(2)").Select(c => c.TextContent.Trim()).ToArray();

        Assert.Equal(["Alger", "Gênes", "Oranienburg"], (await PartnersAsync("")).Order());
        Assert.Equal(["Gênes"], await PartnersAsync("?country=IT"));
        Assert.Equal(["Gênes"], await PartnersAsync("?city=genes")); // accents and case do not matter
        Assert.Equal(["Gênes", "Oranienburg"], (await PartnersAsync("?domain=culture")).Order());
        Assert.Equal(["Alger"], await PartnersAsync("?kind=CooperationAgreement"));
        Assert.Equal(["Alger", "Oranienburg"], (await PartnersAsync("?year=1980")).Order());
        Assert.Equal(["Oranienburg"], await PartnersAsync("?year=1980&domain=culture"));
        Assert.Empty(await PartnersAsync("?country=JP"));
        Assert.Equal(["Alger"], await PartnersAsync("?city=alg&domain=water&kind=CooperationAgreement&country=DZ&year=1980"));
        Assert.Empty(await PartnersAsync("?city=genes&country=DZ"));
        Assert.Empty(await PartnersAsync("?domain=health&country=IT"));
        var page = await visitor.GetPageAsync("/federations/cuf/directory?domain=culture&lang=fr");
        Assert.Equal("2 partenariats", page.QuerySelector("#directory-count")!.TextContent.Trim());
        var byDomain = page.QuerySelector("section[aria-labelledby=by-domain]")!.TextContent;
        Assert.Contains(": 2", byDomain, StringComparison.Ordinal);
        var byCountry = (await visitor.GetPageAsync("/federations/cuf/directory?lang=en")).QuerySelector("section[aria-labelledby=by-country]")!.TextContent;
        Assert.Contains("Italy: 1", byCountry, StringComparison.Ordinal);
        Assert.Contains("Algeria: 1", byCountry, StringComparison.Ordinal);
        // Bad input is ignored, never an error.
        AssertStatus(HttpStatusCode.OK, await visitor.GetAsync("/federations/cuf/directory?year=abc&kind=Nope&page=-3&country=FRANCE"));
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync("/federations/nobody/directory"));
    }

    [Fact]
    public async Task The_exports_are_formula_safe_csv_and_json_with_absolute_links_from_configuration()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var marseille = await MemberAsync(cuf, "marseille", "Ville de Marseille");
        var evil = await Data.AddCityAsync(marseille, "=HYPERLINK(\"http://evil\")", "IT", null, null);
        await Data.AddAgreementAsync(marseille, "+Accord formule", AgreementKind.TwinningOath, [evil], signedOn: new DateOnly(2001, 1, 1));
        using var visitor = App.CreateClient();

        var csv = await ReadAsync(await visitor.GetAsync("/federations/cuf/directory.csv?year=2001"));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("member,member_site,partner_city", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.Contains("'=HYPERLINK", lines[1], StringComparison.Ordinal);
        Assert.Contains("'+Accord formule", lines[1], StringComparison.Ordinal);
        var site = App.BaseAddress.ToString().TrimEnd('/') + "/marseille";
        Assert.Contains(site + ",", lines[1], StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await ReadAsync(await visitor.GetAsync("/federations/cuf/directory.json")));
        Assert.Equal(1, json.RootElement.GetProperty("total").GetInt32());
        var row = json.RootElement.GetProperty("partnerships")[0];
        Assert.Equal("=HYPERLINK(\"http://evil\")", row.GetProperty("partner_city").GetString()); // JSON is data, not a spreadsheet
        Assert.StartsWith(site + "/partner-cities/", row.GetProperty("partner_city_page").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_federations_directory_never_shows_another_federations_members()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU Méditerranée");
        var bagnolet = await MemberAsync(cuf, "bagnolet", "Ville de Bagnolet");
        var tunis = await Data.CreateTenantAsync("tunis", "Ville de Tunis", modules: WithDirectory);
        await Data.AddFederationMemberAsync(med, tunis);
        await Data.AddAgreementAsync(bagnolet, "Jumelage Bagnolet–Oranienburg", AgreementKind.TwinningOath, [await Data.AddCityAsync(bagnolet, "Oranienburg", "DE", 52.75, 13.24)]);
        await Data.AddAgreementAsync(tunis, "Accord Tunis–Palerme", AgreementKind.TwinningOath, [await Data.AddCityAsync(tunis, "Palerme", "IT", 38.1, 13.36)]);
        using var visitor = App.CreateClient();

        var cufPage = await ReadAsync(await visitor.GetAsync("/federations/cuf/directory"));
        var medPage = await ReadAsync(await visitor.GetAsync("/federations/cglu-med/directory"));

        Assert.Contains("Oranienburg", cufPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Palerme", cufPage, StringComparison.Ordinal);
        Assert.Contains("Palerme", medPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Oranienburg", medPage, StringComparison.Ordinal);
    }
}

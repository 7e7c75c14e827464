using System.Net;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;
using static TwinningCloud.Tests.Register.Outputs.ImportPages;

namespace TwinningCloud.Tests.Register.Outputs;

public sealed class ImportTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Tenant, HttpClient Client)> SignedInEditorAsync(string culture = "fr")
    {
        var marseille = await Data.CreateTenantAsync("marseille", culture: culture, modules: ["agreements", "network-memberships"]);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));
        return (marseille, client);
    }

    private const string Cities =
        "name,local_name,country,region,population,population_year,leader_title,leader_name,latitude,longitude,website,notes,public\n" +
        "Gênes,Genova,IT,Ligurie,609000,2012,Maire,M. Marco DORIA,44.4056,8.9463,https://www.comune.genova.it,,true\n" +
        "\"Anvers\",Antwerpen,BE,Flandre,512000,,\"Maire ou Bourgmestre\",M. Bart DE WEVER,51.2212,4.3996,,\"Notes, with a comma\",false\n";

    [Fact]
    public async Task A_good_file_is_previewed_without_saving_then_applied_with_the_import_named_in_the_audit_trail()
    {
        var (marseille, client) = await SignedInEditorAsync();

        var preview = await UploadAsync(client, "villes.csv", Cities);
        AssertOk(preview);
        var page = await Html.ParseAsync(preview);
        Assert.Equal((2, 0, 0), Counts(page)["partner-city"]);
        Assert.Empty(BadLines(page));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));

        var applied = await ApplyAsync(client, page);
        AssertOk(applied);
        Assert.Contains("villes.csv", (await Html.ParseAsync(applied)).QuerySelector("#import-result")!.TextContent, StringComparison.Ordinal);
        var cities = await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().OrderBy(c => c.Name).ToListAsync());
        Assert.Equal(["Anvers", "Gênes"], cities.Select(c => c.Name));
        var genes = cities[1];
        Assert.Equal(("IT", "Genova", 609000L, 2012, 44.4056, 8.9463), (genes.CountryCode, genes.LocalName, genes.Population!.Value, genes.PopulationYear!.Value, genes.Latitude!.Value, genes.Longitude!.Value));
        Assert.False(cities[0].IsPublic);
        Assert.Equal("Notes, with a comma", cities[0].Notes);
        var actors = await Data.InTenantAsync(marseille, db => db.Set<AuditEntry>().Select(e => e.ActorName).Distinct().ToListAsync());
        Assert.Equal(["import: villes.csv (editor@marseille.fr)"], actors);

        // The same file again: everything matched, nothing to change.
        var again = await Html.ParseAsync(await UploadAsync(client, "villes.csv", Cities));
        Assert.Equal((0, 0, 2), Counts(again)["partner-city"]);
    }

    [Fact]
    public async Task A_bad_file_reports_every_bad_line_with_its_field_and_reason_and_nothing_is_applied()
    {
        var (marseille, client) = await SignedInEditorAsync();
        await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");
        var csv =
            "title,kind,partners,signed_on,signed_at,status,next_review_on,domains,history,summary,public\n" +
            "Serment Marseille–Gênes,twinning-oath,Gênes (IT),1958-07-10,,active,,culture,renewed:1991-05-23:day:,,true\n" + // good
            "Accord A,treaty,Gênes (IT),1998-06-27,,,,,,,\n" +                                                                  // line 3: kind
            "Accord B,charter,Gênes (IT),10/07/1958,,,,,,,\n" +                                                                 // line 4: date
            "Accord C,charter,Atlantis (XX),,,,,,,,\n" +                                                                         // line 5: partner
            "Accord D,charter,Gênes (IT),,,,,astrology,,,\n" +                                                                   // line 6: domain
            "Accord E,charter,Gênes (IT),,,,,,renewed:2001-13-45:day:,,maybe\n";                                                 // line 7: history and public

        var response = await UploadAsync(client, "accords.csv", csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Html.ParseAsync(response);
        var bad = BadLines(page);
        Assert.Equal([(3, "kind"), (4, "signed_on"), (5, "partners"), (6, "domains"), (7, "history"), (7, "public")], bad.Select(b => (b.Line, b.Field)).Order());
        Assert.Contains(bad, b => b.Line == 3 && b.Reason.Contains("« treaty »", StringComparison.Ordinal) && b.Reason.Contains("twinning-oath", StringComparison.Ordinal));
        Assert.Contains(bad, b => b.Line == 4 && b.Reason.Contains("AAAA-MM-JJ", StringComparison.Ordinal));
        Assert.Contains(bad, b => b.Line == 5 && b.Reason.Contains("Atlantis (XX)", StringComparison.Ordinal));
        Assert.Null(page.QuerySelector("#apply-form"));
        Assert.NotNull(page.QuerySelector("#error-summary a[href='#bad-lines']"));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<Agreement>().CountAsync()));
    }

    [Fact]
    public async Task French_decimal_commas_and_unknown_columns_are_reported_in_English_for_an_English_speaking_town()
    {
        var (_, client) = await SignedInEditorAsync(culture: "en");
        var csv = "name,country,latitude,colour\nGênes,IT,\"44,4056\",blue\n";

        var page = await Html.ParseAsync(await UploadAsync(client, "cities.csv", csv));

        var bad = BadLines(page);
        Assert.Contains(bad, b => b is { Line: 1, Field: "colour" } && b.Reason.StartsWith("Unknown column", StringComparison.Ordinal));
        Assert.Contains(bad, b => b is { Line: 2, Field: "latitude" } && b.Reason.Contains("use a dot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_JSON_file_creates_cities_agreements_with_parties_domains_and_history_and_memberships_in_one_go()
    {
        var (marseille, client) = await SignedInEditorAsync();
        var json = """
            {
              "partner_cities": [
                { "name": "Dakar", "country": "SN", "population": 1200000 },
                { "name": "Marrakech", "country": "MA", "latitude": 31.6295, "longitude": -7.9811 }
              ],
              "agreements": [
                {
                  "title": "Accord tripartite Marrakech–Marseille–Dakar",
                  "kind": "multilateral-agreement",
                  "partners": [ { "name": "Dakar", "country": "SN" }, { "name": "Marrakech", "country": "MA" } ],
                  "signed_on": "2013-05-09", "signed_at": "Marrakech", "next_review_on": "2027-05-09",
                  "domains": [ "culture", "tourism" ],
                  "history": [ { "kind": "renewed", "date": "2014-07-11", "precision": "day", "notes": null },
                               { "kind": "updated", "date": "2016" } ]
                }
              ],
              "memberships": [ { "network": "ipgr", "role": "founding-member", "annual_fee": 1250.50, "renewal_on": "2027-01-31" } ]
            }
            """;

        var page = await Html.ParseAsync(await UploadAsync(client, "registre.json", json, "application/json"));
        Assert.Empty(BadLines(page));
        AssertOk(await ApplyAsync(client, page));

        var agreement = await Data.InTenantAsync(marseille, db => db.Set<Agreement>().Include(a => a.Parties).Include(a => a.Domains).Include(a => a.Events).SingleAsync());
        Assert.Equal((AgreementKind.MultilateralAgreement, new DateOnly(2013, 5, 9), "Marrakech", 2, 2), (agreement.Kind, agreement.SignedOn!.Value, agreement.SignedAt, agreement.Parties.Count, agreement.Domains.Count));
        Assert.Equal([(AgreementEventKind.Renewed, new DateOnly(2014, 7, 11), DatePrecision.Day), (AgreementEventKind.Updated, new DateOnly(2016, 1, 1), DatePrecision.Year)],
            agreement.Events.OrderBy(e => e.OccurredOn).Select(e => (e.Kind, e.OccurredOn, e.Precision)));
        var membership = await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().Include(m => m.Network).SingleAsync());
        Assert.Equal(("ipgr", MembershipRole.FoundingMember, 1250.50m), (membership.Network!.Key, membership.Role, membership.AnnualFee!.Value));
    }

    [Fact]
    public async Task JSON_errors_point_at_the_line_of_the_record()
    {
        var (_, client) = await SignedInEditorAsync();
        var json = "{\n  \"memberships\": [\n    { \"network\": \"ipgr\" },\n    {\n      \"network\": \"no-such-network\"\n    }\n  ]\n}\n";

        var bad = BadLines(await Html.ParseAsync(await UploadAsync(client, "m.json", json, "application/json")));

        Assert.Equal([(4, "network")], bad.Select(b => (b.Line, b.Field)));
    }

    [Fact]
    public async Task Apply_checks_the_file_again_and_applies_nothing_when_the_register_changed_since_the_preview()
    {
        var (marseille, client) = await SignedInEditorAsync();
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");
        var csv = "title,kind,partners\nSerment A,twinning-oath,Gênes (IT)\nSerment B,twinning-oath,Gênes (IT)\n";
        var page = await Html.ParseAsync(await UploadAsync(client, "a.csv", csv));
        Assert.Equal((2, 0, 0), Counts(page)["agreement"]);

        await Data.InTenantAsync(marseille, async db => { db.Remove(await db.Set<PartnerCity>().SingleAsync(c => c.Id == genes.Id)); return await db.SaveChangesAsync(); });
        var applied = await ApplyAsync(client, page);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, applied.StatusCode);
        Assert.Equal([2, 3], BadLines(await Html.ParseAsync(applied)).Select(b => b.Line));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<Agreement>().CountAsync()));
    }

    [Fact]
    public async Task A_tampered_preview_is_refused_and_nothing_is_applied()
    {
        var (marseille, client) = await SignedInEditorAsync();
        var page = await Html.ParseAsync(await UploadAsync(client, "villes.csv", Cities));

        var applied = await ApplyAsync(client, page, payload => payload[..^4] + (payload.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, applied.StatusCode);
        Assert.Contains("chargez à nouveau", (await Html.ParseAsync(applied)).QuerySelector("#Upload-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));
    }

    [Fact]
    public async Task Files_of_the_wrong_type_or_too_large_are_refused_next_to_the_field()
    {
        var (_, client) = await SignedInEditorAsync();

        var wrongType = await Html.ParseAsync(await UploadAsync(client, "photo.png", [0x89, 0x50, 0x4e, 0x47], "image/png"));
        Assert.Equal("true", wrongType.QuerySelector("#Upload")!.GetAttribute("aria-invalid"));
        Assert.NotNull(wrongType.QuerySelector("#Upload-error"));

        var large = new byte[(2 * 1024 * 1024) + 10];
        Array.Fill(large, (byte)'a');
        var tooLarge = await UploadAsync(client, "big.csv", large, "text/csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLarge.StatusCode);
        Assert.Contains("2 Mo", (await Html.ParseAsync(tooLarge)).QuerySelector("#Upload-error")!.TextContent, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.I18n;

/// <summary>Issue 9 item 13: the audit trail in words (labels, names, enumerations) in the reader's language, for agreements, partner cities and memberships.</summary>
public sealed partial class AuditTrailTests(AppFixture app) : AppTest(app)
{
    private async Task<(Web.Platform.Tenancy.TenantInfo Tenant, HttpClient Editor)> EditorAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements", "network-memberships"]);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));
        return (marseille, client);
    }

    [Fact]
    public async Task The_agreement_trail_names_its_partner_city_and_domain_and_writes_labels_and_enumerations_in_the_readers_language()
    {
        var (marseille, editor) = await EditorAsync();
        var genes = await Data.AddNamedCityAsync(marseille, "Gênes", "IT", nameEn: "Genoa");

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync("/marseille/admin/agreements/new", new Dictionary<string, string?>
        {
            ["Form.Kind"] = "CooperationAgreement", ["Form.Title"] = "Accord Marseille–Gênes", ["Form.PartyIds"] = genes.Id.ToString(),
            ["Form.DomainKeys"] = "culture", ["Form.Status"] = "Active", ["Form.SignedOn"] = "2003-05-12", ["Form.SignedPrecision"] = "Month",
        }, "#agreement-form"));
        var id = await Data.InTenantAsync(marseille, db => db.Set<Agreement>().Select(a => a.Id).SingleAsync());

        var french = (await editor.GetPageAsync($"/marseille/admin/agreements/{id}?lang=fr")).QuerySelector("#audit-trail tbody")!.TextContent;
        Assert.Contains("Ville partenaire : création", french, StringComparison.Ordinal);
        Assert.Contains("Ville partenaire : — → Gênes", french, StringComparison.Ordinal);
        Assert.Contains("Domaine : — → Culture", french, StringComparison.Ordinal);
        Assert.Contains("Type d'accord : — → Accord de coopération", french, StringComparison.Ordinal);
        Assert.Contains("Précision de la date de signature : — → Mois", french, StringComparison.Ordinal);
        Assert.Contains("Public : — → oui", french, StringComparison.Ordinal);
        Assert.DoesNotMatch(GuidPattern(), french);

        var english = (await editor.GetPageAsync($"/marseille/admin/agreements/{id}?lang=en")).QuerySelector("#audit-trail tbody")!.TextContent;
        Assert.Contains("Partner city : — → Genoa", english, StringComparison.Ordinal);
        Assert.Contains("Kind of agreement : — → Cooperation agreement", english, StringComparison.Ordinal);
        Assert.Contains("Signed on : — → 1 May 2003", english, StringComparison.Ordinal);
        Assert.DoesNotContain("PartnerCityId", english, StringComparison.Ordinal);
        Assert.DoesNotMatch(GuidPattern(), english);
    }

    [Fact]
    public async Task Enumerations_are_recorded_by_name_and_older_entries_recorded_as_numbers_still_read_as_words()
    {
        var (marseille, editor) = await EditorAsync();
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");
        var agreement = await Data.AddAgreementAsync(marseille, "Serment de jumelage", [genes.Id]);
        await Data.InTenantAsync(marseille, async db =>
        {
            db.Add(new AuditEntry
            {
                ActorName = "ancien@marseille.fr", SubjectType = "Agreement", SubjectId = agreement.Id, EntityType = "Agreement", Action = "Modified",
                At = DateTimeOffset.UtcNow.AddDays(-30), Changes = """{"Status":[1,2],"Kind":[0,1],"IsPublic":[true,false]}""",
            });
            return await db.SaveChangesAsync();
        });

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync($"/marseille/admin/agreements/{agreement.Id}",
            new Dictionary<string, string?> { ["Form.Status"] = "Ended" }, "#agreement-form"));

        var recorded = await Data.InTenantAsync(marseille, db => db.Set<AuditEntry>()
            .Where(e => e.SubjectId == agreement.Id && e.ActorName == "editor@marseille.fr").Select(e => e.Changes).SingleAsync());
        Assert.Contains("\"Status\":[\"Active\",\"Ended\"]", recorded, StringComparison.Ordinal);
        var rows = (await editor.GetPageAsync($"/marseille/admin/agreements/{agreement.Id}?lang=en")).QuerySelectorAll("#audit-trail tbody tr");
        Assert.Contains("Status : Active → Ended", rows[0].TextContent, StringComparison.Ordinal);
        var old = rows.Single(r => r.TextContent.Contains("ancien@marseille.fr", StringComparison.Ordinal)).TextContent;
        Assert.Contains("Status : Active → Suspended", old, StringComparison.Ordinal);
        Assert.Contains("Kind of agreement : Twinning oath → Cooperation agreement", old, StringComparison.Ordinal);
        Assert.Contains("Public : yes → no", old, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_city_has_its_trail_with_times_in_the_towns_zone()
    {
        var (marseille, editor) = await EditorAsync();
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync($"/marseille/admin/partner-cities/{genes.Id}",
            new Dictionary<string, string?> { ["Form.Population"] = "583601", ["Form.NameEn"] = "Genoa" }, "#city-form"));

        var page = await editor.GetPageAsync($"/marseille/admin/partner-cities/{genes.Id}");
        var trail = page.QuerySelector("section[aria-labelledby=audit-title] #audit-trail tbody")!;
        var row = trail.QuerySelectorAll("tr")[0];
        Assert.Contains("Ville partenaire : modification", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Population : 47587 → 583601", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nom en anglais : — → Genoa", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("editor@marseille.fr", row.TextContent, StringComparison.Ordinal);
        // Europe/Paris: the time says its zone (UTC+1 in winter, UTC+2 in summer).
        Assert.Matches(@"\d{1,2}:\d{2} UTC\+[12]$", row.QuerySelector("td time")!.TextContent.Trim());

        var other = await Data.CreateTenantAsync("bagnolet");
        var foreign = await Data.AddPartnerCityAsync(other, "Oranienburg", "DE");
        AssertStatus(HttpStatusCode.NotFound, await editor.GetAsync($"/marseille/admin/partner-cities/{foreign.Id}"));
    }

    [Fact]
    public async Task The_membership_trail_names_the_network_in_the_same_component()
    {
        var (marseille, editor) = await EditorAsync();
        var membership = await Data.AddMembershipAsync(marseille, "cglu");

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync($"/marseille/admin/networks/{membership.Id}",
            new Dictionary<string, string?> { ["Form.Role"] = "Board" }, "#membership-form"));

        var trail = (await editor.GetPageAsync($"/marseille/admin/networks/{membership.Id}?lang=en")).QuerySelector("section[aria-labelledby=audit-title] #audit-trail")!.TextContent;
        Assert.Contains("Membership: changed", trail, StringComparison.Ordinal);
        Assert.Contains("Role : Member → Board", trail, StringComparison.Ordinal);
        Assert.Contains("Network : — → CGLU", trail, StringComparison.Ordinal);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.NetworkMemberships;

/// <summary>The staff screens of network memberships: list, form, validation, duplicate, delete, audit trail, module switch.</summary>
public sealed class NetworkMembershipPagesTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Tenant, HttpClient Editor)> MarseilleWithEditorAsync(string[]? modules = null)
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: modules ?? TestData.WithNetworks);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));
        return (marseille, editor);
    }

    [Fact]
    public async Task An_editor_adds_a_membership_which_is_saved_listed_and_recorded_in_its_audit_trail()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync();
        var cgluMed = await Data.NetworkIdAsync("cglu-med");

        var response = await editor.SubmitFormAsync("/marseille/admin/networks/new", new Dictionary<string, string?>
        {
            ["Form.NetworkId"] = cgluMed.ToString(), ["Form.Role"] = "Board", ["Form.SinceYear"] = "2004",
            ["Form.AnnualFee"] = "1 500,50", ["Form.Currency"] = "eur", ["Form.RenewalOn"] = "2027-01-31",
            ["Form.ContactName"] = "Direction des relations internationales", ["Form.ContactEmail"] = "dri@marseille.fr",
            ["Form.WorkingGroups"] = "Commission Méditerranée", ["Form.Notes"] = "Présidence de la commission", ["Form.IsPublic"] = "false",
        });

        AssertStatus(HttpStatusCode.Redirect, response);
        var saved = await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().SingleAsync());
        Assert.Equal($"/marseille/admin/networks/{saved.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal((cgluMed, MembershipRole.Board, 2004, 1500.50m, "EUR", new DateOnly(2027, 1, 31)),
            (saved.NetworkId, saved.Role, saved.SinceYear!.Value, saved.AnnualFee!.Value, saved.Currency, saved.RenewalOn!.Value));
        Assert.Equal(("dri@marseille.fr", "Commission Méditerranée", false), (saved.ContactEmail, saved.WorkingGroups, saved.IsPublic));

        var page = await editor.GetPageAsync($"/marseille/admin/networks/{saved.Id}");
        Assert.Contains("L'adhésion a été enregistrée.", page.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        var trail = page.QuerySelector("#audit-trail tbody")!.TextContent;
        Assert.Contains("editor@marseille.fr", trail, StringComparison.Ordinal);
        Assert.Contains("Adhésion : création", trail, StringComparison.Ordinal);
        Assert.Contains("CGLU Méditerranée", trail, StringComparison.Ordinal);

        var list = await editor.GetPageAsync("/marseille/admin/networks");
        var row = list.QuerySelector("table.data-table tbody tr")!;
        Assert.Contains("CGLU Méditerranée", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Membre du bureau", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("31 janvier 2027", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("interne", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_is_recorded_with_its_old_and_new_values()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync();
        var membership = await Data.AddMembershipAsync(marseille, "aimf");

        var response = await editor.SubmitFormAsync($"/marseille/admin/networks/{membership.Id}", new Dictionary<string, string?>
        {
            ["Form.AnnualFee"] = "2000", ["Form.Role"] = "FoundingMember",
        }, "#membership-form");

        AssertStatus(HttpStatusCode.Redirect, response);
        var trail = await Data.InTenantAsync(marseille, db => db.Set<AuditEntry>().Where(e => e.SubjectId == membership.Id).OrderBy(e => e.At).ToListAsync());
        Assert.Equal(["Added", "Modified"], trail.Select(e => e.Action));
        Assert.Equal("editor@marseille.fr", trail[1].ActorName);
        Assert.Contains("\"AnnualFee\":[1200", trail[1].Changes, StringComparison.Ordinal);
        Assert.DoesNotContain("Currency", trail[1].Changes, StringComparison.Ordinal);
        var page = await editor.GetPageAsync($"/marseille/admin/networks/{membership.Id}?lang=en");
        var rows = page.QuerySelectorAll("#audit-trail tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("Membership: changed", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Role : Member → Founding member", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Fee : 1200.00 → 2000", rows[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_form_answers_422_with_each_message_next_to_its_field_and_saves_nothing()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync();
        var aimf = await Data.NetworkIdAsync("aimf");

        var response = await editor.SubmitFormAsync("/marseille/admin/networks/new", new Dictionary<string, string?>
        {
            ["Form.NetworkId"] = aimf.ToString(), ["Form.SinceYear"] = "1789", ["Form.AnnualFee"] = "-5",
            ["Form.Currency"] = "EU", ["Form.RenewalOn"] = "31/01/2027", ["Form.ContactEmail"] = "pas une adresse",
            ["Form.Notes"] = new string('x', 4001),
        });

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        foreach (var (field, message) in new[]
        {
            ("SinceYear", "Indiquez une année entre 1900"), ("AnnualFee", "Indiquez un montant positif ou nul"),
            ("Currency", "code de devise de trois lettres"), ("RenewalOn", "date de renouvellement valide"),
            ("ContactEmail", "adresse électronique valide"), ("Notes", "4 000 caractères au plus"),
        })
        {
            Assert.Contains(message, page.QuerySelector($"#{field}-error")?.TextContent ?? $"(no error for {field})", StringComparison.Ordinal);
            var input = page.QuerySelector($"#{field}")!;
            Assert.Equal("true", input.GetAttribute("aria-invalid"));
            Assert.Contains($"{field}-error", input.GetAttribute("aria-describedby"), StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector($"#error-summary a[href='#{field}']"));
        }
        Assert.Null(page.QuerySelector("#NetworkId-error"));
        Assert.Equal("EU", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#Currency")!).Value);
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().CountAsync()));
    }

    [Fact]
    public async Task Messages_are_in_english_for_an_english_reader_and_a_network_is_required()
    {
        var (_, editor) = await MarseilleWithEditorAsync();
        await editor.GetAsync("/marseille/admin/networks?lang=en");

        var response = await editor.SubmitFormAsync("/marseille/admin/networks/new", new Dictionary<string, string?>
        {
            ["Form.NetworkId"] = "", ["Form.Currency"] = "E1R",
        });

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Choose a network.", page.QuerySelector("#NetworkId-error")!.TextContent.Trim());
        Assert.Equal("Enter a three-letter currency code, for example EUR.", page.QuerySelector("#Currency-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_second_membership_of_the_same_network_is_refused()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync();
        await Data.AddMembershipAsync(marseille, "cuf");

        var response = await editor.SubmitFormAsync("/marseille/admin/networks/new", new Dictionary<string, string?>
        {
            ["Form.NetworkId"] = (await Data.NetworkIdAsync("cuf")).ToString(),
        });

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        Assert.Contains("déjà membre de ce réseau", page.QuerySelector("#NetworkId-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().CountAsync()));
    }

    [Fact]
    public async Task The_network_list_is_grouped_by_scope_with_the_mediterranean_commission_under_cglu()
    {
        var (_, editor) = await MarseilleWithEditorAsync();

        var page = await editor.GetPageAsync("/marseille/admin/networks/new");

        var groups = page.QuerySelectorAll("#NetworkId optgroup").Select(g => g.GetAttribute("label")).ToList();
        Assert.Equal(["National", "Européen", "Méditerranéen", "Mondial"], groups.Where(g => g is "National" or "Européen" or "Méditerranéen" or "Mondial"));
        var world = page.QuerySelectorAll("#NetworkId optgroup[label='Mondial'] option").Select(o => o.TextContent).ToList();
        var cglu = world.FindIndex(t => t.StartsWith("CGLU —", StringComparison.Ordinal));
        Assert.True(cglu >= 0, string.Join(" | ", world));
        Assert.Contains("CGLU Méditerranée", world[cglu + 1], StringComparison.Ordinal);
        Assert.Contains("au sein de CGLU", world[cglu + 1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_searches_filters_by_scope_and_role_and_sorts_by_renewal_date()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync();
        await Data.AddMembershipAsync(marseille, "aimf", renewalOn: new DateOnly(2027, 6, 1));
        await Data.AddMembershipAsync(marseille, "eurocities", MembershipRole.Board, renewalOn: new DateOnly(2026, 12, 31));
        await Data.AddMembershipAsync(marseille, "cuf", renewalOn: new DateOnly(2027, 1, 15));

        async Task<List<string>> AcronymsAsync(string query) =>
            (await editor.GetPageAsync("/marseille/admin/networks" + query)).QuerySelectorAll("tbody tr th abbr").Select(a => a.TextContent).ToList();

        Assert.Equal(["AIMF", "CUF", "EUROCITIES"], await AcronymsAsync(""));
        Assert.Equal(["EUROCITIES", "CUF", "AIMF"], await AcronymsAsync("?sort=renewal"));
        Assert.Equal(["EUROCITIES"], await AcronymsAsync("?role=Board"));
        Assert.Equal(["AIMF"], await AcronymsAsync("?scope=World"));
        Assert.Equal(["CUF"], await AcronymsAsync("?q=cités+unies"));
    }

    [Fact]
    public async Task Deleting_a_membership_removes_it_and_keeps_its_trail()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync();
        var membership = await Data.AddMembershipAsync(marseille, "amf");

        var response = await editor.SubmitFormAsync($"/marseille/admin/networks/{membership.Id}", new Dictionary<string, string?>(), "#delete-form");

        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().CountAsync()));
        var trail = await Data.InTenantAsync(marseille, db => db.Set<AuditEntry>().Where(e => e.SubjectId == membership.Id).Select(e => e.Action).ToListAsync());
        Assert.Contains("Deleted", trail);
        Assert.Contains("L'adhésion à AMF a été supprimée.", (await editor.GetPageAsync("/marseille/admin/networks")).QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.NotFound, await editor.GetAsync($"/marseille/admin/networks/{membership.Id}"));
    }

    [Fact]
    public async Task Without_the_module_the_screens_and_the_api_answer_404()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync([TwinningCloud.Web.Platform.Modules.ModuleKeys.Agreements]);
        var membership = await Data.AddMembershipAsync(marseille, "amf");

        AssertStatus(HttpStatusCode.NotFound, await editor.GetAsync("/marseille/admin/networks"));
        AssertStatus(HttpStatusCode.NotFound, await editor.GetAsync("/marseille/admin/networks/new"));
        AssertStatus(HttpStatusCode.NotFound, await editor.GetAsync($"/marseille/admin/networks/{membership.Id}"));
        AssertStatus(HttpStatusCode.NotFound, await editor.GetAsync("/marseille/api/v1/network-memberships"));
        AssertStatus(HttpStatusCode.NotFound, await editor.GetAsync("/marseille/api/v1/networks"));
        // The screens of the agreements module stay (the domains vocabulary belongs to it).
        AssertStatus(HttpStatusCode.OK, await editor.GetAsync("/marseille/admin/domains"));
    }
}

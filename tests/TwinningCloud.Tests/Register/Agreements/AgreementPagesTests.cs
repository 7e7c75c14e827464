using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Register.Agreements;

public sealed class AgreementPagesTests(AppFixture app) : AppTest(app)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    private async Task<(TenantInfo Tenant, HttpClient Editor)> EditorOfMarseilleAsync(string[]? modules = null)
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: modules);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));
        return (marseille, client);
    }

    private static Guid IdFrom(HttpResponseMessage redirect) => Guid.Parse(redirect.Headers.Location!.OriginalString.Split('/', '?')[^1]);

    [Fact]
    public async Task An_editor_records_a_tripartite_agreement_with_domains_history_and_a_responsible_colleague()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync();
        var marrakech = await Data.AddPartnerCityAsync(marseille, "Marrakech", "MA");
        var dakar = await Data.AddPartnerCityAsync(marseille, "Dakar", "SN");
        var colleague = await Data.CreateStaffAsync(marseille, "ri@marseille.fr", Roles.TenantAdmin);

        var saved = await editor.SubmitFormAsync("/marseille/admin/agreements/new", new Dictionary<string, string?>
        {
            ["Form.Kind"] = "MultilateralAgreement", ["Form.Title"] = "Accord tripartite Marrakech–Marseille–Dakar",
            ["Form.PartyIds"] = $"{marrakech.Id}|{dakar.Id}", ["Form.SignedOn"] = "2006-11-15", ["Form.SignedAt"] = "Marrakech",
            ["Form.Status"] = "Active", ["Form.NextReviewOn"] = "2027-11-15", ["Form.ResponsibleUserId"] = colleague.Id.ToString(),
            ["Form.DomainKeys"] = "culture|health", ["Form.IsPublic"] = "false", ["Form.Summary"] = "Coopération décentralisée.",
            ["Form.Events[0].Kind"] = "Updated", ["Form.Events[0].OccurredOn"] = "2009-01-01", ["Form.Events[0].Precision"] = "Year", ["Form.Events[0].Notes"] = "actualisé en 2009",
        });

        AssertStatus(HttpStatusCode.Redirect, saved);
        var id = IdFrom(saved);
        var agreement = await Data.InTenantAsync(marseille, db => db.Set<Agreement>().Include(a => a.Parties).Include(a => a.Domains).ThenInclude(d => d.Domain).Include(a => a.Events).SingleAsync(a => a.Id == id));
        Assert.Equal(AgreementKind.MultilateralAgreement, agreement.Kind);
        Assert.Equal(new[] { dakar.Id, marrakech.Id }.Order(), agreement.Parties.Select(p => p.PartnerCityId).Order());
        Assert.Equal(["culture", "health"], agreement.Domains.Select(d => d.Domain!.Key).Order());
        Assert.Equal((new DateOnly(2006, 11, 15), new DateOnly(2027, 11, 15), colleague.Id, false), (agreement.SignedOn!.Value, agreement.NextReviewOn!.Value, agreement.ResponsibleUserId!.Value, agreement.IsPublic));
        var history = Assert.Single(agreement.Events);
        Assert.Equal((AgreementEventKind.Updated, DatePrecision.Year, "actualisé en 2009"), (history.Kind, history.Precision, history.Notes));

        // The page shows it back, in French (the tenant's language).
        var page = await editor.GetPageAsync($"/marseille/admin/agreements/{id}");
        Assert.Equal("MultilateralAgreement", page.QuerySelector("#Kind option[selected]")!.GetAttribute("value"));
        Assert.Contains("Santé", page.QuerySelector("label[for=domain-health]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("actualisé en 2009", page.QuerySelector("#Events_0__Notes")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_edit_is_in_the_audit_trail_with_who_and_what_changed()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync();
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");
        var agreement = await Data.AddAgreementAsync(marseille, "Serment de jumelage", [genes.Id]);

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync($"/marseille/admin/agreements/{agreement.Id}",
            new Dictionary<string, string?> { ["Form.Title"] = "Serment de jumelage Marseille–Gênes", ["Form.Status"] = "Suspended" }));

        var entries = await Data.InTenantAsync(marseille, db => db.Set<AuditEntry>().Where(e => e.SubjectId == agreement.Id && e.Action == "Modified").ToListAsync());
        var change = Assert.Single(entries);
        Assert.Equal("editor@marseille.fr", change.ActorName);
        var title = System.Text.Json.JsonDocument.Parse(change.Changes).RootElement.GetProperty("Title");
        Assert.Equal(("Serment de jumelage", "Serment de jumelage Marseille–Gênes"), (title[0].GetString(), title[1].GetString()));
        var page = await editor.GetPageAsync($"/marseille/admin/agreements/{agreement.Id}");
        var audit = page.QuerySelector("section[aria-labelledby=audit-title] table")!.TextContent;
        Assert.Contains("editor@marseille.fr", audit, StringComparison.Ordinal);
        Assert.Contains("Accord : modification", audit, StringComparison.Ordinal);
        Assert.Contains("Accord : modification", audit, StringComparison.Ordinal);
        Assert.Contains("Statut : En vigueur → Suspendu", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_agreement_answers_422_with_messages_next_to_the_fields_and_saves_nothing()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync();
        await Data.AddPartnerCityAsync(marseille, "Gênes");

        var response = await editor.SubmitFormAsync("/marseille/admin/agreements/new", new Dictionary<string, string?>
        {
            ["Form.Title"] = "", ["Form.SignedOn"] = "2010-05-01", ["Form.NextReviewOn"] = "2009-01-01",
            ["Form.ResponsibleUserId"] = Guid.NewGuid().ToString(),
            ["Form.Events[0].Kind"] = "Renewed", ["Form.Events[0].OccurredOn"] = "",
        });

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        Assert.Contains("au moins une ville", page.QuerySelector("#PartyIds-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("ne peut pas précéder", page.QuerySelector("#NextReviewOn-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#Title-error"));
        Assert.NotNull(page.QuerySelector("#ResponsibleUserId-error"));
        Assert.Equal("true", page.QuerySelector("#Events_0__OccurredOn")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector("#error-summary a[href='#Events_0__OccurredOn']"));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<Agreement>().CountAsync()));
    }

    [Fact]
    public async Task Documents_are_checked_by_their_bytes_and_size_and_downloaded_as_safe_attachments()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync();
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");
        var agreement = await Data.AddAgreementAsync(marseille, "Serment", [genes.Id]);
        var url = $"/marseille/admin/agreements/{agreement.Id}";

        var fake = await editor.SubmitFormAsync(url, new Dictionary<string, string?>(), "#upload-form",
            [("document", "serment.pdf", Encoding.ASCII.GetBytes("MZ\x90\0 not a pdf"), "application/pdf")]);
        AssertStatus(HttpStatusCode.UnprocessableEntity, fake);
        Assert.Contains("PDF, PNG et JPEG", (await Html.ParseAsync(fake)).QuerySelector("#Document-error")!.TextContent, StringComparison.Ordinal);
        var big = new byte[AgreementDocument.MaxBytes + 1];
        Pdf.CopyTo(big, 0);
        var tooBig = await editor.SubmitFormAsync(url, new Dictionary<string, string?>(), "#upload-form", [("document", "gros.pdf", big, "application/pdf")]);
        AssertStatus(HttpStatusCode.UnprocessableEntity, tooBig);
        Assert.Contains("10 Mo", (await Html.ParseAsync(tooBig)).QuerySelector("#Document-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<AgreementDocument>().CountAsync()));

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync(url, new Dictionary<string, string?>(), "#upload-form",
            [("document", "Serment de jumelage Gênes.pdf", Pdf, "application/octet-stream")]));
        var link = (await editor.GetPageAsync(url)).QuerySelector("section[aria-labelledby=documents-title] a[download]")!;
        Assert.Equal("Serment de jumelage Gênes.pdf", link.TextContent.Trim());
        var download = await editor.GetAsync(link.GetAttribute("href"));
        AssertStatus(HttpStatusCode.OK, download);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("Serment de jumelage Gênes.pdf", disposition.FileNameStar);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        using var anonymous = App.CreateClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(link.GetAttribute("href"))).StatusCode);
    }

    [Fact]
    public async Task The_staff_list_searches_by_city_filters_by_country_domain_kind_and_year_and_sorts()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync();
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");
        var marrakech = await Data.AddPartnerCityAsync(marseille, "Marrakech", "MA");
        var dakar = await Data.AddPartnerCityAsync(marseille, "Dakar", "SN");
        await Data.AddAgreementAsync(marseille, "Serment Gênes", [genes.Id], signedOn: new DateOnly(1958, 7, 1), domains: ["culture"]);
        await Data.AddAgreementAsync(marseille, "Accord tripartite", [marrakech.Id, dakar.Id], kind: AgreementKind.MultilateralAgreement, signedOn: new DateOnly(2006, 11, 15), domains: ["health"], isPublic: false);
        await Data.AddAgreementAsync(marseille, "Charte méditerranéenne", [genes.Id, marrakech.Id], kind: AgreementKind.Charter, signedOn: new DateOnly(1991, 5, 23));

        static async Task<IEnumerable<string>> Titles(HttpClient client, string query) =>
            (await client.GetPageAsync("/marseille/admin/agreements" + query)).QuerySelectorAll("table.data-table tbody tr td:first-child a").Select(a => a.TextContent.Trim());
        Assert.Equal(["Accord tripartite", "Charte méditerranéenne", "Serment Gênes"], await Titles(editor, ""));
        Assert.Equal(["Accord tripartite"], await Titles(editor, "?q=dakar"));
        Assert.Equal(["Charte méditerranéenne", "Serment Gênes"], await Titles(editor, "?country=IT&sort=title"));
        Assert.Equal(["Accord tripartite"], await Titles(editor, "?domain=health"));
        Assert.Equal(["Charte méditerranéenne"], await Titles(editor, "?kind=Charter"));
        Assert.Equal(["Serment Gênes"], await Titles(editor, "?year=1958"));
        Assert.Equal(["Serment Gênes", "Charte méditerranéenne", "Accord tripartite"], await Titles(editor, "?sort=-signed"));
    }

    [Fact]
    public async Task With_the_module_switched_off_the_staff_pages_and_the_api_answer_404()
    {
        var (marseille, editor) = await EditorOfMarseilleAsync(modules: ["collectives"]);
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");

        foreach (var url in new[] { "/admin/agreements", "/admin/agreements/new", "/admin/partner-cities", $"/admin/partner-cities/{genes.Id}", "/api/v1/agreements", "/api/v1/partner-cities", $"/api/v1/partner-cities/{genes.Id}", "/api/v1/domains" })
        {
            AssertStatus(HttpStatusCode.NotFound, await editor.GetAsync("/marseille" + url));
        }
    }
}

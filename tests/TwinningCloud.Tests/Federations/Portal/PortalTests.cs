using System.Net;
using TwinningCloud.Tests.Federations;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Tests.Federations.Portal;

/// <summary>
/// A federation's public portal: its sections, written by its admins and editors in French and English (sanitized
/// Markdown; operators read, other federations are refused), and its members with their map (the directory's rule:
/// listed, accepted, published members only).
/// </summary>
public sealed class PortalTests(AppFixture app) : AppTest(app)
{
    private static readonly string[] WithDirectory = [ModuleKeys.Agreements, ModuleKeys.FederationDirectory];

    [Fact]
    public async Task An_editor_writes_a_section_in_both_languages_and_visitors_read_it_in_theirs_sanitized()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        await Data.CreateFederationStaffAsync(med, "editor@cglu-med.org", Roles.FederationEditor);
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("", "editor@cglu-med.org"));

        var saved = await editor.SubmitFormAsync("/federations/cglu-med/portal-pages?section=history", new Dictionary<string, string?>
        {
            ["BodyFr"] = "Le **Forum** : Marseille 2008.\n\n<script>alert('x')</script>\n\n[piège](javascript:alert(1))",
            ["BodyEn"] = "The **Forum**: Marseille 2008.",
        }, "#portal-form");
        AssertStatus(HttpStatusCode.Redirect, saved);
        Assert.Contains("section=history", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var visitor = App.CreateClient();
        var french = await ReadAsync(await visitor.GetAsync("/federations/cglu-med/portal/history"));
        Assert.Contains("Le <strong>Forum</strong> : Marseille 2008.", french, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", french, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:alert", french, StringComparison.Ordinal);
        var english = await ReadAsync(await visitor.GetAsync("/federations/cglu-med/portal/history?lang=en"));
        Assert.Contains("The <strong>Forum</strong>: Marseille 2008.", english, StringComparison.Ordinal);
        Assert.DoesNotContain("Le <strong>Forum</strong>", english, StringComparison.Ordinal);

        // A section written in French only is shown to English readers in French, marked as such for screen readers.
        await editor.SubmitFormAsync("/federations/cglu-med/portal-pages?section=contacts", new Dictionary<string, string?> { ["BodyFr"] = "Écrivez au secrétariat.", ["BodyEn"] = "" }, "#portal-form");
        var contacts = await visitor.GetPageAsync("/federations/cglu-med/portal/contacts?lang=en");
        Assert.Equal("fr", contacts.QuerySelector(".portal-text .markdown")!.GetAttribute("lang"));
        Assert.Contains("Écrivez au secrétariat.", contacts.QuerySelector(".portal-text")!.TextContent, StringComparison.Ordinal);
        // An empty section says so; the home page is the presentation; the navigation lists every section, members and events.
        var home = await App.CreateClient().GetPageAsync("/federations/cglu-med/portal"); // a new visitor: French by default
        Assert.Contains("pas encore rédigée", home.QuerySelector(".portal-text")!.TextContent, StringComparison.Ordinal);
        var nav = home.QuerySelectorAll("nav.portal-nav a").Select(a => a.GetAttribute("href")).ToList();
        foreach (var path in new[] { "/federations/cglu-med/portal", "/federations/cglu-med/portal/history", "/federations/cglu-med/portal/contacts", "/federations/cglu-med/portal/members", "/federations/cglu-med/portal/events" })
        {
            Assert.Contains(path, nav);
        }
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync("/federations/cglu-med/portal/no-such-section"));
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync("/federations/no-such-federation/portal"));
    }

    [Fact]
    public async Task Too_long_a_section_is_refused_with_its_message_and_nothing_is_lost()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        await Data.CreateFederationStaffAsync(med, "admin@cglu-med.org");
        using var admin = App.CreateClient();
        await admin.SignInAsync("", "admin@cglu-med.org");

        var refused = await admin.SubmitFormAsync("/federations/cglu-med/portal-pages", new Dictionary<string, string?> { ["BodyFr"] = new string('a', 20_001), ["BodyEn"] = "kept-english-text" }, "#portal-form");

        AssertStatus(HttpStatusCode.UnprocessableEntity, refused);
        var page = await Html.ParseAsync(refused);
        Assert.Contains("20000", page.QuerySelector("#BodyFr-error")!.TextContent.Replace("\u202f", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("kept-english-text", page.QuerySelector("#BodyEn")!.TextContent);
        Assert.Contains("pas encore rédigée", await ReadAsync(await admin.GetAsync("/federations/cglu-med/portal")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operators_read_the_portal_editor_but_only_the_federations_own_staff_write_it()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        await Data.EnsureOperatorAsync();
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsOperatorAsync();
        using var other = App.CreateClient();
        await other.SignInAsync("", "admin@cuf.org");
        using var anonymous = App.CreateClient();

        AssertStatus(HttpStatusCode.OK, await operatorClient.GetAsync("/federations/cglu-med/portal-pages"));
        foreach (var (who, client, tokenPage) in new[] { ("operator", operatorClient, "/account"), ("CUF's admin", other, "/account") })
        {
            var token = await OnboardingTests.AntiforgeryAsync(client, tokenPage);
            var post = await client.PostAsync("/federations/cglu-med/portal-pages", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("BodyFr", "intrus")]));
            Assert.True(post.StatusCode is HttpStatusCode.Forbidden || (post.StatusCode == HttpStatusCode.Redirect && post.Headers.Location!.OriginalString.Contains("/error/403", StringComparison.Ordinal)),
                $"{who}: {(int)post.StatusCode} {post.Headers.Location}");
        }
        var refused = await anonymous.GetAsync("/federations/cglu-med/portal-pages");
        Assert.Contains("/sign-in", refused.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("intrus", await ReadAsync(await anonymous.GetAsync("/federations/cglu-med/portal")), StringComparison.Ordinal);
        _ = med;
    }

    [Fact]
    public async Task The_members_page_lists_and_maps_the_listed_members_only()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: WithDirectory);
        await Data.SetTownPositionAsync(marseille, 43.2965, 5.3698);
        await Data.AddFederationMemberAsync(med, marseille);
        await Data.AddAgreementAsync(marseille, "Serment Marseille–Gênes", TwinningCloud.Web.Features.Register.Agreements.AgreementKind.TwinningOath, [await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93)]);
        var nice = await Data.CreateTenantAsync("nice", "Ville de Nice", modules: WithDirectory);
        await Data.AddFederationMemberAsync(med, nice, listed: false);
        var brest = await Data.CreateTenantAsync("brest", "Ville de Brest", modules: WithDirectory);
        await Data.AddFederationMemberAsync(med, brest, MemberStatus.Invited);
        await Data.CreateTenantAsync("lyon", "Ville de Lyon", modules: WithDirectory);

        var page = await App.CreateClient().GetPageAsync("/federations/cglu-med/portal/members");

        var rows = page.QuerySelectorAll("#portal-members tbody tr").Select(r => r.GetAttribute("data-member")).ToList();
        Assert.Equal(["marseille"], rows);
        Assert.Equal("1", page.QuerySelector("#portal-members tr[data-member=marseille] td")!.TextContent.Trim()); // its public partnership
        Assert.Equal("1 ville membre", page.QuerySelector("#portal-members-count")!.TextContent.Trim());
        var pin = Assert.Single(page.QuerySelectorAll("a.world-map-pin"));
        Assert.Equal("Ville de Marseille, ville membre", pin.QuerySelector("title")!.TextContent);
        foreach (var hidden in new[] { "Ville de Nice", "Ville de Brest", "Ville de Lyon" })
        {
            Assert.DoesNotContain(hidden, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        }
    }
}

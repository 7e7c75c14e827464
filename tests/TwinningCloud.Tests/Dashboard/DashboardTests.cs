using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Tests.Onboarding;

namespace TwinningCloud.Tests.Dashboard;

/// <summary>The staff dashboard's figures, due dates, changes and checklist; empty states; the agreement form's "new partner city".</summary>
public sealed class DashboardTests(AppFixture app) : AppTest(app)
{
    /// <summary>What the "add this partner city" button posts to (its formaction); the test client posts the whole form there.</summary>
    private const string AddCity = "/villeneuve/admin/agreements/new?handler=AddCity";

    private static readonly string[] AllModules = [ModuleKeys.Agreements, ModuleKeys.NetworkMemberships, ModuleKeys.Reminders];

    [Fact]
    public async Task The_dashboard_counts_agreements_by_status_and_lists_what_is_due_within_90_days_and_the_latest_changes()
    {
        var town = await Data.CreateTenantAsync("villeneuve", "Ville de Villeneuve", modules: AllModules);
        await Data.CreateStaffAsync(town, "admin@villeneuve.fr", Roles.TenantAdmin);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, town.TimeZone).DateTime);
        var genoa = await Data.AddCityAsync(town, "Gênes", "IT", 44.41, 8.93);
        await Data.AddAgreementWithReviewAsync(town, "Accord A en revue", AgreementStatus.Active, today.AddDays(20), [genoa.Id]);
        await Data.AddAgreementWithReviewAsync(town, "Accord B suspendu", AgreementStatus.Suspended, today.AddDays(89));
        await Data.AddAgreementWithReviewAsync(town, "Accord C plus tard", AgreementStatus.Active, today.AddDays(120));
        await Data.AddAgreementWithReviewAsync(town, "Accord D en projet", AgreementStatus.Draft, today.AddDays(10));
        await Data.AddAgreementWithReviewAsync(town, "Accord E terminé", AgreementStatus.Ended, today.AddDays(5));
        await Data.AddMembershipAsync(town, "aimf", renewalOn: today.AddDays(45));
        await Data.AddMembershipAsync(town, "cglu-med", renewalOn: today.AddDays(200));
        var admin = App.CreateClient();
        await admin.SignInAsync("/villeneuve", "admin@villeneuve.fr");

        var page = await admin.GetPageAsync("/villeneuve/admin");

        var figures = page.QuerySelector("ul.figures")!.TextContent;
        Assert.Matches(@"5\s+Accords", figures);
        foreach (var expected in new[] { "En vigueur : 2", "Suspendu : 1", "Projet : 1", "Terminé : 1" })
        {
            Assert.Contains(expected, figures, StringComparison.Ordinal);
        }
        Assert.Matches(@"1\s+Villes partenaires", figures);
        Assert.Matches(@"2\s+Adhésions à des réseaux", figures);
        Assert.Matches(@"1\s+Membres de l'équipe", figures);

        var due = page.QuerySelectorAll("section[aria-labelledby=due-title] tbody tr").Select(r => r.QuerySelector("td:nth-child(2)")!.TextContent.Trim()).ToList();
        Assert.Equal(["Accord A en revue", "AIMF", "Accord B suspendu"], due);
        Assert.StartsWith("/villeneuve/admin/networks/", page.QuerySelectorAll("section[aria-labelledby=due-title] tbody a")[1].GetAttribute("href"), StringComparison.Ordinal);

        var changes = page.QuerySelectorAll(".change-list li").Select(li => li.TextContent).ToList();
        Assert.Contains(changes, c => c.Contains("Accord E terminé", StringComparison.Ordinal) && c.Contains("ajouté", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.Contains("Gênes", StringComparison.Ordinal));
        Assert.Single(changes, c => c.Contains("Accord A en revue", StringComparison.Ordinal)); // the agreement and its party: one line
        Assert.NotNull(page.QuerySelector("#dashboard-reminders-title"));
        Assert.Null(page.QuerySelector("#onboarding")); // published: no checklist, the admin's publication panel instead
        Assert.NotNull(page.QuerySelector("form[action*='handler=Unpublish']"));
    }

    [Fact]
    public async Task A_town_in_preparation_gets_a_checklist_ticked_from_its_data_each_step_linking_to_where_to_do_it()
    {
        var town = await Data.CreateTownInPreparationAsync("villeneuve", "Ville de Villeneuve", modules: [ModuleKeys.Agreements, ModuleKeys.Reminders]);
        await Data.CreateStaffAsync(town, "admin@villeneuve.fr", Roles.TenantAdmin);
        var admin = App.CreateClient();
        await admin.SignInAsync("/villeneuve", "admin@villeneuve.fr");

        var before = await admin.GetPageAsync("/villeneuve/admin");
        Assert.Equal(["branding", "partner-cities", "agreements", "team", "reminders", "publish"], Steps(before).Select(s => s.Key));
        Assert.All(Steps(before), s => Assert.False(s.Done, s.Key));
        Assert.NotNull(before.QuerySelector("#checklist-partner-cities a[href='/villeneuve/admin/partner-cities/new']"));
        Assert.NotNull(before.QuerySelector("#checklist-agreements a[href='/villeneuve/admin/agreements/new']"));
        Assert.NotNull(before.QuerySelector("#checklist-team a[href='/villeneuve/admin/team']"));
        Assert.NotNull(before.QuerySelector("#checklist-reminders a[href='/villeneuve/admin/reminders']"));
        Assert.NotNull(before.QuerySelector("#checklist-publish form[action*='handler=Publish'] button"));

        var city = await Data.AddCityAsync(town, "Gênes", "IT", 44.41, 8.93);
        await Data.AddAgreementWithReviewAsync(town, "Jumelage", AgreementStatus.Active, null, [city.Id]);
        await Data.CreateStaffAsync(town, "editor@villeneuve.fr", Roles.Editor);
        await Data.InTenantAsync(town, async db =>
        {
            db.Add(new TwinningCloud.Web.Features.Reminders.ReminderSettings());
            return await db.SaveChangesAsync();
        });
        var after = await admin.GetPageAsync("/villeneuve/admin");
        Assert.Equal(["partner-cities", "agreements", "team", "reminders"], Steps(after).Where(s => s.Done).Select(s => s.Key));
        Assert.Contains("4 étapes faites sur 6.", after.QuerySelector("#onboarding")!.TextContent, StringComparison.Ordinal);

        // An editor sees the checklist too, but not the publish button.
        var editor = App.CreateClient();
        await editor.SignInAsync("/villeneuve", "editor@villeneuve.fr");
        var editorPage = await editor.GetPageAsync("/villeneuve/admin");
        Assert.NotNull(editorPage.QuerySelector("#onboarding"));
        Assert.Null(editorPage.QuerySelector("#checklist-publish form"));
    }

    [Fact]
    public async Task Empty_lists_say_what_to_do_and_lists_emptied_by_a_filter_say_that_nothing_matches()
    {
        var town = await Data.CreateTenantAsync("villeneuve", "Ville de Villeneuve", modules: [ModuleKeys.Agreements, ModuleKeys.NetworkMemberships]);
        await Data.CreateStaffAsync(town, "editor@villeneuve.fr", Roles.Editor);
        var visitor = App.CreateClient();
        var editor = App.CreateClient();
        await editor.SignInAsync("/villeneuve", "editor@villeneuve.fr");

        var twinnings = await TextAsync(visitor, "/villeneuve/twinnings");
        Assert.Contains("Aucun accord n'a encore été publié.", twinnings, StringComparison.Ordinal);
        Assert.Contains("Aucune ville partenaire n'a encore été publiée.", twinnings, StringComparison.Ordinal);
        Assert.DoesNotContain("ne correspond", twinnings, StringComparison.Ordinal);
        Assert.Contains("Aucune ville partenaire n'a encore été publiée.", await TextAsync(visitor, "/villeneuve/partner-cities"), StringComparison.Ordinal);
        var home = await TextAsync(visitor, "/villeneuve/");
        Assert.Contains("Aucun accord n'a encore été publié.", home, StringComparison.Ordinal);
        Assert.DoesNotContain("0 villes", home, StringComparison.Ordinal);

        var agreements = await editor.GetPageAsync("/villeneuve/admin/agreements");
        Assert.Contains("Aucun accord pour l'instant.", agreements.QuerySelector(".empty-state")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(agreements.QuerySelector(".empty-state a[href='/villeneuve/admin/agreements/new']"));
        Assert.Null(agreements.QuerySelector("table.data-table"));
        Assert.Contains("Aucune ville partenaire pour l'instant.", (await editor.GetPageAsync("/villeneuve/admin/partner-cities")).QuerySelector(".empty-state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Aucune adhésion pour l'instant.", (await editor.GetPageAsync("/villeneuve/admin/networks")).QuerySelector(".empty-state")!.TextContent, StringComparison.Ordinal);

        var genoa = await Data.AddCityAsync(town, "Gênes", "IT", 44.41, 8.93);
        await Data.AddAgreementAsync(town, "Jumelage Villeneuve–Gênes", AgreementKind.TwinningOath, [genoa], signedOn: new DateOnly(1958, 3, 12));
        var filtered = await TextAsync(visitor, "/villeneuve/twinnings?country=SN");
        Assert.Contains("Aucun accord ne correspond à ces critères.", filtered, StringComparison.Ordinal);
        Assert.Contains("Aucune ville partenaire ne correspond à ces critères.", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("encore été publi", filtered, StringComparison.Ordinal);
        Assert.Contains("Aucun accord ne correspond à ces filtres.", (await editor.GetPageAsync("/villeneuve/admin/agreements?q=zzz")).QuerySelector(".empty-state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Aucune ville partenaire ne correspond à ces filtres.", (await editor.GetPageAsync("/villeneuve/admin/partner-cities?q=zzz")).QuerySelector(".empty-state")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_new_agreement_form_without_partner_cities_says_so_and_adds_one_keeping_everything_typed()
    {
        var town = await Data.CreateTenantAsync("villeneuve", "Ville de Villeneuve");
        await Data.CreateStaffAsync(town, "editor@villeneuve.fr", Roles.Editor);
        var editor = App.CreateClient();
        await editor.SignInAsync("/villeneuve", "editor@villeneuve.fr");
        var form = await editor.GetPageAsync("/villeneuve/admin/agreements/new");
        Assert.Contains("Aucune ville partenaire pour l'instant", form.QuerySelector("#PartyIds-hint")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(AddCity, form.QuerySelectorAll("#agreement-form button[type=submit]")[0].GetAttribute("formaction"));

        var typed = new Dictionary<string, string?>
        {
            ["Form.Kind"] = "CooperationAgreement", ["Form.Title"] = "Accord Villeneuve–Tunis", ["Form.SignedOn"] = "2019-06-24",
            ["Form.SignedAt"] = "Tunis", ["Form.Summary"] = "Culture et jeunesse", ["Form.DomainKeys"] = "culture|youth",
        };
        // A country the platform does not know: the city is refused, nothing typed is lost.
        var refused = await editor.SubmitFormAsync(AddCity,
            new Dictionary<string, string?>(typed) { ["NewCity.Name"] = "Tunis", ["NewCity.CountryCode"] = "ZZ" }, "#agreement-form");
        AssertStatus(HttpStatusCode.UnprocessableEntity, refused);
        var again = await Html.ParseAsync(refused);
        Assert.NotNull(again.QuerySelector("#NewCity_CountryCode-error"));
        Assert.Equal("Accord Villeneuve–Tunis", again.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Title")!.Value);
        Assert.Equal("Tunis", again.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#NewCity_Name")!.Value);

        var added = await editor.SubmitFormAsync(AddCity,
            new Dictionary<string, string?>(typed) { ["NewCity.Name"] = "Tunis", ["NewCity.CountryCode"] = "tn" }, "#agreement-form");
        AssertStatus(HttpStatusCode.OK, added);
        var page = await Html.ParseAsync(added);
        var tunis = await Data.InTenantAsync(town, db => db.Set<PartnerCity>().SingleAsync());
        Assert.Equal(("Tunis", "TN", true), (tunis.Name, tunis.CountryCode, tunis.IsPublic));
        Assert.True(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>($"#party-{tunis.Id}")!.IsChecked);
        Assert.Equal("Accord Villeneuve–Tunis", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Title")!.Value);
        Assert.Equal("2019-06-24", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#SignedOn")!.Value);
        Assert.Equal("Culture et jeunesse", page.QuerySelector<AngleSharp.Html.Dom.IHtmlTextAreaElement>("#Summary")!.Value);
        Assert.True(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#domain-youth")!.IsChecked);
        Assert.Equal(string.Empty, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#NewCity_Name")!.Value);
        Assert.Equal(0, await Data.InTenantAsync(town, db => db.Set<Agreement>().CountAsync()));

        // Enter in a field submits with the form's first button ("add this city"): with that part blank, it saves the agreement.
        var saved = await editor.SubmitFormAsync(AddCity,
            new Dictionary<string, string?>(typed) { ["Form.PartyIds"] = tunis.Id.ToString() }, "#agreement-form");
        AssertStatus(HttpStatusCode.Redirect, saved);
        var agreement = await Data.InTenantAsync(town, db => db.Set<Agreement>().Include(a => a.Parties).SingleAsync());
        Assert.Equal(("Accord Villeneuve–Tunis", tunis.Id), (agreement.Title, agreement.Parties.Single().PartnerCityId));
    }

    /// <summary>The page's main text, as a reader sees it (entities decoded).</summary>
    private static async Task<string> TextAsync(HttpClient client, string url) => (await client.GetPageAsync(url)).QuerySelector("main")!.TextContent;

    private static List<(string Key, bool Done)> Steps(IDocument page) =>
        page.QuerySelectorAll("ol.checklist > li").Select(li => (li.Id!["checklist-".Length..], li.ClassList.Contains("is-done"))).ToList();
}

using System.Net;
using TwinningCloud.Tests.Federations;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Tests.Federations.Portal;

/// <summary>
/// A federation's events: its staff create them (validation on the form), the portal shows the published ones, member
/// towns' staff register delegates up to the limit per town (each mailed through MailDev), the federation sees and
/// exports every town's list; another town, another federation or a non-member sees nothing of it.
/// </summary>
public sealed class EventsTests(AppFixture app) : AppTest(app)
{
    private static readonly string[] WithDirectory = [ModuleKeys.Agreements, ModuleKeys.FederationDirectory];

    [Fact]
    public async Task The_federation_creates_an_event_with_its_form_and_bad_input_is_refused_field_by_field()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        await Data.CreateFederationStaffAsync(med, "admin@cglu-med.org");
        using var admin = App.CreateClient();
        await admin.SignInAsync("", "admin@cglu-med.org");

        var refused = await admin.SubmitFormAsync("/federations/cglu-med/events/edit", new Dictionary<string, string?>
        {
            ["Form.TitleFr"] = "", ["Form.StartsOn"] = "2027-03-10", ["Form.EndsOn"] = "2027-03-08", ["Form.Place"] = "Barcelone", ["Form.CountryCode"] = "ES",
            ["Form.MaxDelegatesPerTown"] = "500", ["Form.ProgrammeFr"] = "kept-programme",
        }, "#event-form");

        AssertStatus(HttpStatusCode.UnprocessableEntity, refused);
        var form = await Html.ParseAsync(refused);
        Assert.Contains("intitulé", form.QuerySelector("#TitleFr-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("précède", form.QuerySelector("#EndsOn-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 à 50", form.QuerySelector("#MaxDelegatesPerTown-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", form.QuerySelector("#TitleFr")!.GetAttribute("aria-invalid"));
        Assert.Equal("kept-programme", form.QuerySelector("#ProgrammeFr")!.TextContent);
        Assert.Empty(await ReadEventsAsync(med));

        var created = await admin.SubmitFormAsync("/federations/cglu-med/events/edit", new Dictionary<string, string?>
        {
            ["Form.TitleFr"] = "Forum des Autorités Locales et Régionales de la Méditerranée 2027", ["Form.TitleEn"] = "Forum of Local and Regional Authorities of the Mediterranean 2027",
            ["Form.StartsOn"] = "2027-03-10", ["Form.EndsOn"] = "2027-03-11", ["Form.Place"] = "Barcelone", ["Form.CountryCode"] = "ES",
            ["Form.ProgrammeFr"] = "- **Jour 1** : l'eau\n- **Jour 2** : la culture", ["Form.IsPublished"] = "true", ["Form.RegistrationOpen"] = "true", ["Form.MaxDelegatesPerTown"] = "4",
        }, "#event-form");

        AssertStatus(HttpStatusCode.Redirect, created);
        var ev = Assert.Single(await ReadEventsAsync(med));
        Assert.Equal((new DateOnly(2027, 3, 10), new DateOnly(2027, 3, 11), "ES", 4, true, true), (ev.StartsOn, ev.EndsOn, ev.CountryCode, ev.MaxDelegatesPerTown, ev.IsPublished, ev.RegistrationOpen));
        using var visitor = App.CreateClient();
        var details = await visitor.GetPageAsync($"/federations/cglu-med/portal/events/{ev.Id}");
        Assert.Contains("<strong>Jour 1</strong>", details.QuerySelector(".markdown")!.InnerHtml, StringComparison.Ordinal);
        Assert.Contains("10 – 11 mars 2027", details.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Barcelone (Espagne)", details.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        var english = await visitor.GetPageAsync($"/federations/cglu-med/portal/events/{ev.Id}?lang=en");
        Assert.Equal("Forum of Local and Regional Authorities of the Mediterranean 2027", english.QuerySelector("h1")!.TextContent);
        Assert.Contains("10 – 11 March 2027", english.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        var list = await visitor.GetPageAsync("/federations/cglu-med/portal/events");
        Assert.Single(list.QuerySelectorAll($"li[data-event='{ev.Id}']"));
    }

    [Fact]
    public async Task A_draft_event_stays_off_the_portal_and_off_the_towns_pages()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: WithDirectory);
        await Data.AddFederationMemberAsync(med, marseille);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var draft = await Data.AddFederationEventAsync(med, "Brouillon-de-rencontre", published: false);
        using var town = App.CreateClient();
        await town.SignInAsync("/marseille", "editor@marseille.fr");

        AssertStatus(HttpStatusCode.NotFound, await App.CreateClient().GetAsync($"/federations/cglu-med/portal/events/{draft.Id}"));
        Assert.DoesNotContain("Brouillon-de-rencontre", await ReadAsync(await App.CreateClient().GetAsync("/federations/cglu-med/portal/events")), StringComparison.Ordinal);
        Assert.DoesNotContain("Brouillon-de-rencontre", await ReadAsync(await town.GetAsync("/marseille/admin/federations/events")), StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.NotFound, await town.GetAsync($"/marseille/admin/federations/events/{draft.Id}"));
    }

    [Fact]
    public async Task A_member_towns_staff_register_delegates_up_to_the_limit_each_is_mailed_and_the_federation_sees_and_exports_them()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        await Data.CreateFederationStaffAsync(med, "admin@cglu-med.org");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: WithDirectory);
        await Data.AddFederationMemberAsync(med, marseille);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var ev = await Data.AddFederationEventAsync(med, "Forum Méditerranée 2027", maxPerTown: 2, programme: "Programme du forum");
        using var town = App.CreateClient();
        await town.SignInAsync("/marseille", "editor@marseille.fr");
        var delegateEmail = MailDev.NewAddress("adjointe", "marseille.fr");

        var overview = await town.GetPageAsync("/marseille/admin/federations/events");
        Assert.Contains("0 sur 2", overview.QuerySelector($"tr[data-event='{ev.Id}']")!.TextContent, StringComparison.Ordinal);
        var url = $"/marseille/admin/federations/events/{ev.Id}";
        AssertStatus(HttpStatusCode.Redirect, await town.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Name"] = "Camille Durand", ["Email"] = delegateEmail, ["Function"] = "Adjointe aux relations internationales",
        }, "#delegate-form"));
        var twice = await town.SubmitFormAsync(url, new Dictionary<string, string?> { ["Name"] = "Camille D.", ["Email"] = delegateEmail.ToUpperInvariant() }, "#delegate-form");
        AssertStatus(HttpStatusCode.UnprocessableEntity, twice);
        Assert.Contains("déjà inscrite", (await Html.ParseAsync(twice)).QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        var badEmail = await town.SubmitFormAsync(url, new Dictionary<string, string?> { ["Name"] = "Sans adresse", ["Email"] = "not-an-address" }, "#delegate-form");
        AssertStatus(HttpStatusCode.UnprocessableEntity, badEmail);
        Assert.Equal("Sans adresse", (await Html.ParseAsync(badEmail)).QuerySelector("#Name")!.GetAttribute("value")); // nothing typed is lost
        AssertStatus(HttpStatusCode.Redirect, await town.SubmitFormAsync(url, new Dictionary<string, string?> { ["Name"] = "=HYPERLINK(\"http://evil\")", ["Email"] = MailDev.NewAddress("second") }, "#delegate-form"));

        // The limit is reached: the form is gone, and a post made anyway is refused.
        var full = await town.GetPageAsync(url);
        Assert.Null(full.QuerySelector("#delegate-form"));
        Assert.Contains("nombre maximal", full.QuerySelector("#registration-state")!.TextContent, StringComparison.Ordinal);
        var token = await OnboardingTests.AntiforgeryAsync(town, "/marseille/account");
        var third = await town.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Name", "Troisième"), new("Email", "third@marseille.fr")]));
        AssertStatus(HttpStatusCode.UnprocessableEntity, third);
        Assert.Equal(2, (await Data.DelegatesAsync(ev.Id)).Count);

        // The delegate is mailed, in the town's language, with an absolute link to the event's public page.
        var mail = await MailDev.WaitForAsync(delegateEmail);
        Assert.Contains("Forum Méditerranée 2027", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Ville de Marseille vous a inscrit", mail.Text, StringComparison.Ordinal);
        var link = MailDev.LinkIn(mail);
        Assert.Matches($"^https?://[^/]+/federations/cglu-med/portal/events/{ev.Id}\\?lang=fr$", link);
        Assert.Contains("Programme du forum", await ReadAsync(await App.CreateClient().GetAsync(new Uri(link).PathAndQuery)), StringComparison.Ordinal);

        // The federation sees every town's delegates and exports them (no cell is a spreadsheet formula).
        using var federation = App.CreateClient();
        await federation.SignInAsync("", "admin@cglu-med.org");
        var staff = await federation.GetPageAsync($"/federations/cglu-med/events/edit/{ev.Id}");
        var table = staff.QuerySelector("#delegates")!.TextContent;
        Assert.Contains("Camille Durand", table, StringComparison.Ordinal);
        Assert.Contains("Ville de Marseille", table, StringComparison.Ordinal);
        var csv = await ReadAsync(await federation.GetAsync($"/federations/cglu-med/events/{ev.Id}/delegates.csv"));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("town,town_slug,name,function,email,registered_at", lines[0].TrimEnd('\r'));
        Assert.Equal(3, lines.Length);
        Assert.Contains($"Ville de Marseille,marseille,Camille Durand,Adjointe aux relations internationales,{delegateEmail},", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv, StringComparison.Ordinal);
        Assert.Contains("2", (await federation.GetPageAsync("/federations/cglu-med/events")).QuerySelector($"tr[data-event='{ev.Id}'] td:last-child")!.TextContent, StringComparison.Ordinal);

        // The town withdraws a delegate: a place frees.
        var page = await town.GetPageAsync(url);
        var withdraw = page.QuerySelector($"li[data-delegate='{delegateEmail}'] form")!.GetAttribute("action")!;
        AssertStatus(HttpStatusCode.Redirect, await town.PostAsync(withdraw, new FormUrlEncodedContent([new("__RequestVerificationToken", token)])));
        Assert.NotNull((await town.GetPageAsync(url)).QuerySelector("#delegate-form"));
        Assert.Single(await Data.DelegatesAsync(ev.Id));
    }

    [Fact]
    public async Task Registrations_at_the_same_moment_never_exceed_the_limit_per_town()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: WithDirectory);
        await Data.AddFederationMemberAsync(med, marseille);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var ev = await Data.AddFederationEventAsync(med, "Forum", maxPerTown: 3);
        using var town = App.CreateClient();
        await town.SignInAsync("/marseille", "admin@marseille.fr");
        var token = await OnboardingTests.AntiforgeryAsync(town, "/marseille/account");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => town.PostAsync($"/marseille/admin/federations/events/{ev.Id}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Name", $"Délégué {i}"), new("Email", $"delegue{i}@marseille.fr")]))));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(3, (await Data.DelegatesAsync(ev.Id)).Count);
    }

    [Fact]
    public async Task Closed_registration_refuses_delegates_and_says_so()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: WithDirectory);
        await Data.AddFederationMemberAsync(med, marseille);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var closed = await Data.AddFederationEventAsync(med, "Forum fermé", registrationOpen: false);
        using var town = App.CreateClient();
        await town.SignInAsync("/marseille", "admin@marseille.fr");
        var token = await OnboardingTests.AntiforgeryAsync(town, "/marseille/account");

        var page = await town.GetPageAsync($"/marseille/admin/federations/events/{closed.Id}");
        var post = await town.PostAsync($"/marseille/admin/federations/events/{closed.Id}", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Name", "X"), new("Email", "x@marseille.fr")]));

        Assert.Null(page.QuerySelector("#delegate-form"));
        Assert.Contains("closes", page.QuerySelector("#registration-state")!.TextContent, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.UnprocessableEntity, post);
        Assert.Empty(await Data.DelegatesAsync(closed.Id));
        Assert.Contains("closes", await ReadAsync(await App.CreateClient().GetAsync($"/federations/cglu-med/portal/events/{closed.Id}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_members_other_towns_and_other_federations_see_nothing_of_an_event_or_its_delegates()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: WithDirectory);
        await Data.AddFederationMemberAsync(med, marseille);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet", modules: WithDirectory);
        await Data.AddFederationMemberAsync(med, bagnolet, MemberStatus.Invited); // invited, not a member yet
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        var ev = await Data.AddFederationEventAsync(med, "Forum Méditerranée", maxPerTown: 5);
        using var marseilleAdmin = App.CreateClient();
        await marseilleAdmin.SignInAsync("/marseille", "admin@marseille.fr");
        AssertStatus(HttpStatusCode.Redirect, await marseilleAdmin.SubmitFormAsync($"/marseille/admin/federations/events/{ev.Id}",
            new Dictionary<string, string?> { ["Name"] = "secret-delegate-name", ["Email"] = "secret-delegate@marseille.fr" }, "#delegate-form"));
        var delegateId = Assert.Single(await Data.DelegatesAsync(ev.Id)).Id;

        using var bagnoletAdmin = App.CreateClient();
        await bagnoletAdmin.SignInAsync("/bagnolet", "admin@bagnolet.fr");
        var bagnoletToken = await OnboardingTests.AntiforgeryAsync(bagnoletAdmin, "/bagnolet/account");
        AssertStatus(HttpStatusCode.NotFound, await bagnoletAdmin.GetAsync($"/bagnolet/admin/federations/events/{ev.Id}"));
        AssertStatus(HttpStatusCode.NotFound, await bagnoletAdmin.PostAsync($"/bagnolet/admin/federations/events/{ev.Id}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", bagnoletToken), new("Name", "Intrus"), new("Email", "intrus@bagnolet.fr")])));
        AssertStatus(HttpStatusCode.NotFound, await bagnoletAdmin.PostAsync($"/bagnolet/admin/federations/events/{ev.Id}?handler=Withdraw&delegateId={delegateId}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", bagnoletToken)])));
        Assert.DoesNotContain("Forum Méditerranée", await ReadAsync(await bagnoletAdmin.GetAsync("/bagnolet/admin/federations/events")), StringComparison.Ordinal);

        using var cufAdmin = App.CreateClient();
        await cufAdmin.SignInAsync("", "admin@cuf.org");
        foreach (var url in new[] { $"/federations/cglu-med/events/edit/{ev.Id}", $"/federations/cglu-med/events/{ev.Id}/delegates.csv", "/federations/cglu-med/events" })
        {
            var answer = await cufAdmin.GetAsync(url);
            Assert.True(answer.StatusCode is HttpStatusCode.Forbidden || answer.Headers.Location?.OriginalString.Contains("/error/403", StringComparison.Ordinal) == true, $"{url}: {(int)answer.StatusCode}");
            Assert.DoesNotContain("secret-delegate", await ReadAsync(answer), StringComparison.Ordinal);
        }
        // Through its own federation's pages, the other federation's event id is unknown.
        AssertStatus(HttpStatusCode.NotFound, await cufAdmin.GetAsync($"/federations/cuf/events/edit/{ev.Id}"));
        AssertStatus(HttpStatusCode.NotFound, await cufAdmin.GetAsync($"/federations/cuf/events/{ev.Id}/delegates.csv"));
        AssertStatus(HttpStatusCode.NotFound, await App.CreateClient().GetAsync($"/federations/cuf/portal/events/{ev.Id}"));
        // The public pages never show delegates.
        Assert.DoesNotContain("secret-delegate", await ReadAsync(await App.CreateClient().GetAsync($"/federations/cglu-med/portal/events/{ev.Id}")), StringComparison.Ordinal);
        Assert.Single(await Data.DelegatesAsync(ev.Id));
    }

    private Task<List<TwinningCloud.Web.Features.Federations.Portal.Events.FederationEvent>> ReadEventsAsync(Federation federation) =>
        Data.InScopeAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(
                Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TwinningCloud.Web.Platform.Persistence.AppDbContext>(sp)
                    .Set<TwinningCloud.Web.Features.Federations.Portal.Events.FederationEvent>().Where(e => e.FederationId == federation.Id))));
}

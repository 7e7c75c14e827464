using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Federations.Portal;

/// <summary>
/// In Chromium: the federation's editor writes the presentation and publishes an event with the form; a visitor reaches
/// it through the portal's navigation; a member town's editor registers a delegate with the keyboard and mouse, and the
/// federation sees them. axe-core on every portal, staff and town page, French and English, at 1280 and 390 px.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class PortalBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task The_federation_publishes_its_presentation_and_an_event_and_a_member_town_registers_a_delegate_by_clicking()
    {
        var med = await Data.CreateFederationAsync("cglu-med", "CGLU — Commission Méditerranée");
        var editorEmail = MailDev.NewAddress("editor", "cglu-med.org");
        await Data.CreateFederationStaffAsync(med, editorEmail, Roles.FederationEditor);
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements, ModuleKeys.FederationDirectory]);
        await Data.SetTownPositionAsync(marseille, 43.2965, 5.3698);
        await Data.AddFederationMemberAsync(med, marseille);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var violations = new List<string>();

        // The federation's editor writes the presentation and creates an event.
        await using var federationContext = await NewContextAsync();
        var fed = await federationContext.NewPageAsync();
        await fed.GotoAsync("/sign-in");
        await fed.GetByLabel("Adresse électronique").FillAsync(editorEmail);
        await fed.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await fed.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(fed.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("CGLU — Commission Méditerranée");
        await fed.GetByRole(AriaRole.Link, new() { Name = "Les pages du portail public" }).ClickAsync();
        await fed.GetByLabel("Texte en français").FillAsync("La coopération décentralisée, **bilatérale et multilatérale**.");
        await fed.GetByLabel("Texte en anglais").FillAsync("Decentralised cooperation, **bilateral and multilateral**.");
        await fed.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la rubrique" }).ClickAsync();
        await Expect(fed.Locator(".alert-success")).ToContainTextAsync("Présentation");
        await fed.GotoAsync("/federations/cglu-med");
        await fed.GetByRole(AriaRole.Link, new() { Name = "Les rencontres et les délégués inscrits" }).ClickAsync();
        await fed.GetByRole(AriaRole.Link, new() { Name = "Nouvelle rencontre" }).ClickAsync();
        var form = fed.Locator("#event-form");
        await form.GetByLabel("Intitulé en français").FillAsync("Forum des Autorités Locales et Régionales de la Méditerranée");
        var starts = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(40);
        await form.GetByLabel("Premier jour").FillAsync(starts.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await form.GetByLabel("Lieu").FillAsync("Marseille");
        await form.GetByLabel("Pays").SelectOptionAsync("FR");
        await form.GetByLabel("Programme en français").FillAsync("- Ouverture\n- Ateliers");
        await form.GetByLabel("Publiée sur le portail").CheckAsync();
        await form.GetByLabel("Inscriptions ouvertes aux villes membres").CheckAsync();
        await form.GetByLabel("Délégués par ville, au plus").FillAsync("2");
        violations.AddRange(await Axe.CheckAsync(fed, "current", "fr"));
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la rencontre" }).ClickAsync();
        await Expect(fed.Locator(".alert-success")).ToContainTextAsync("La rencontre est enregistrée");
        var eventPath = new Uri(fed.Url).AbsolutePath;
        var eventId = eventPath.Split('/').Last();

        // A visitor finds it through the portal's navigation.
        await using var visitorContext = await NewContextAsync();
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync("/federations/cglu-med/portal");
        await Expect(visitor.Locator(".portal-text strong")).ToHaveTextAsync("bilatérale et multilatérale");
        await visitor.GetByRole(AriaRole.Navigation, new() { Name = "Portail de CGLU — Commission Méditerranée" }).GetByRole(AriaRole.Link, new() { Name = "Rencontres" }).ClickAsync();
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Forum des Autorités Locales et Régionales de la Méditerranée" }).First.ClickAsync();
        await Expect(visitor.Locator("#event-registration")).ToContainTextAsync("2 délégués par ville au plus");

        // Marseille's editor registers a delegate.
        await using var townContext = await NewContextAsync();
        var town = await townContext.NewPageAsync();
        await town.GotoAsync("/marseille/sign-in");
        await town.GetByLabel("Adresse électronique").FillAsync("editor@marseille.fr");
        await town.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await town.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await town.GotoAsync("/marseille/admin/federations/events");
        await town.GetByRole(AriaRole.Link, new() { Name = "Forum des Autorités Locales et Régionales de la Méditerranée" }).ClickAsync();
        var delegateEmail = MailDev.NewAddress("delegue", "marseille.fr");
        await town.GetByLabel("Nom", new() { Exact = true }).FillAsync("Camille Durand");
        await town.Keyboard.PressAsync("Tab");
        await town.Keyboard.TypeAsync("Adjointe au maire");
        await town.Keyboard.PressAsync("Tab");
        await town.Keyboard.TypeAsync(delegateEmail);
        await town.Keyboard.PressAsync("Enter");
        await Expect(town.Locator(".alert-success")).ToContainTextAsync("Le délégué est inscrit");
        await Expect(town.Locator("#own-delegate-list")).ToContainTextAsync("Camille Durand — Adjointe au maire");
        await MailDev.WaitForAsync(delegateEmail);

        // The federation sees the delegate.
        await fed.ReloadAsync();
        await Expect(fed.Locator("#delegates")).ToContainTextAsync("Camille Durand");

        violations.AddRange(await Axe.EverywhereAsync(visitor, "/federations/cglu-med/portal", "/federations/cglu-med/portal/history", "/federations/cglu-med/portal/members",
            "/federations/cglu-med/portal/events", $"/federations/cglu-med/portal/events/{eventId}"));
        violations.AddRange(await Axe.EverywhereAsync(fed, "/federations/cglu-med/portal-pages", "/federations/cglu-med/events", eventPath, "/federations/cglu-med/events/edit"));
        violations.AddRange(await Axe.EverywhereAsync(town, "/marseille/admin/federations/events", $"/marseille/admin/federations/events/{eventId}"));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

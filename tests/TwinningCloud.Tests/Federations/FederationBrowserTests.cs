using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Federations;

/// <summary>
/// In Chromium (issue "Done when"): a CUF admin onboards a town from the form, the new admin follows the mailed link
/// (MailDev), chooses a password, adds a partner city and an agreement and publishes the site; the agreement appears in
/// CUF's directory and on its map, and the onboarding status moved along. axe-core on the federation's pages, French and English.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class FederationBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task A_CUF_admin_onboards_a_town_whose_new_admin_follows_the_mail_adds_an_agreement_that_appears_in_the_directory_and_map()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var cufAdmin = MailDev.NewAddress("admin", "cuf.org");
        await Data.CreateFederationStaffAsync(cuf, cufAdmin);
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements, ModuleKeys.FederationDirectory]);
        await Data.AddFederationMemberAsync(cuf, marseille);
        await Data.AddAgreementAsync(marseille, "Serment Marseille–Gênes", AgreementKind.TwinningOath, [await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93)], ["culture"]);
        var mayor = MailDev.NewAddress("maire", "villeneuve.fr");
        var violations = new List<string>();

        await using var federationContext = await NewContextAsync();
        var fed = await federationContext.NewPageAsync();
        await fed.GotoAsync("/sign-in");
        await fed.GetByLabel("Adresse électronique").FillAsync(cufAdmin);
        await fed.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await fed.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(fed.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cités Unies France");
        await fed.GetByRole(AriaRole.Link, new() { Name = "Accueillir une ville" }).ClickAsync();
        await fed.GetByLabel("Ville", new() { Exact = true }).FillAsync("Villeneuve-lès-Avignon");
        await Expect(fed.GetByLabel("Nom dans l'adresse web")).ToHaveValueAsync("villeneuve-les-avignon"); // filled in from the name
        await fed.GetByLabel("Fuseau horaire").SelectOptionAsync("Europe/Paris");
        await fed.GetByLabel("Nom du premier administrateur").FillAsync("Camille Martin");
        await fed.GetByLabel("Adresse électronique du premier administrateur").FillAsync(mayor);
        violations.AddRange(await Axe.CheckAsync(fed, "current", "fr"));
        await fed.GetByRole(AriaRole.Button, new() { Name = "Créer le site et envoyer l'invitation" }).ClickAsync();
        await Expect(fed.Locator(".alert-success")).ToContainTextAsync("Villeneuve-lès-Avignon");
        var row = fed.Locator("tr[data-onboarding=villeneuve-les-avignon]");
        await Expect(row).ToContainTextAsync("Invitée");

        var mail = await MailDev.WaitForAsync(mayor);
        await using var townContext = await NewContextAsync();
        var town = await townContext.NewPageAsync();
        await town.GotoAsync(MailDev.LinkIn(mail));
        await town.GetByLabel("Nouveau mot de passe", new() { Exact = true }).FillAsync("Villeneuve-password-2026");
        await town.GetByLabel("Confirmez le nouveau mot de passe").FillAsync("Villeneuve-password-2026");
        await town.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await Expect(town.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Villeneuve-lès-Avignon — administration");
        await fed.ReloadAsync();
        await Expect(row).ToContainTextAsync("Invitation acceptée");

        await town.GotoAsync("/villeneuve-les-avignon/admin/partner-cities/new");
        var city = town.Locator("#city-form");
        await city.Locator("#Name").FillAsync("Tunis");
        await city.Locator("#CountryCode").SelectOptionAsync("TN");
        await city.Locator("#Latitude").FillAsync("36.8065");
        await city.Locator("#Longitude").FillAsync("10.1815");
        await city.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(town.Locator(".alert-success")).ToContainTextAsync("Tunis");
        await town.GotoAsync("/villeneuve-les-avignon/admin/agreements/new");
        var form = town.Locator("#agreement-form");
        await form.GetByLabel("Type d'accord").SelectOptionAsync("CooperationAgreement");
        await form.GetByLabel("Intitulé").FillAsync("Accord de coopération Villeneuve–Tunis");
        await form.GetByLabel("Signé le").FillAsync("2019-06-24");
        await form.GetByLabel("Tunis", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(town.Locator(".alert-success")).ToContainTextAsync("Accord de coopération Villeneuve–Tunis");
        await fed.ReloadAsync();
        await Expect(row).ToContainTextAsync("Premières données publiées");

        await town.GotoAsync("/villeneuve-les-avignon/admin");
        await town.GetByRole(AriaRole.Button, new() { Name = "Publier le site" }).ClickAsync();
        await Expect(town.Locator(".alert-success")).ToContainTextAsync("Le site est publié");
        await fed.ReloadAsync();
        await Expect(row).ToContainTextAsync("Active");

        await fed.GetByRole(AriaRole.Link, new() { Name = "L'annuaire des membres (public)" }).ClickAsync();
        await Expect(fed.Locator("#directory-table")).ToContainTextAsync("Accord de coopération Villeneuve–Tunis");
        await Expect(fed.Locator("#directory-table")).ToContainTextAsync("Serment Marseille–Gênes");
        await fed.GetByRole(AriaRole.Link, new() { Name = "Voir ces 2 partenariats sur la carte" }).ClickAsync();
        await Expect(fed.Locator("a.world-map-pin title").Filter(new() { HasText = "Tunis (Tunisie), partenaire de Villeneuve-lès-Avignon" })).ToHaveCountAsync(1);
        await fed.GetByRole(AriaRole.Link, new() { Name = "Retour à la liste (les mêmes partenariats, en tableau)" }).ClickAsync();
        // Keyboard: the search form is reachable and usable without a mouse.
        await fed.Locator("#country").FocusAsync();
        await fed.Keyboard.PressAsync("Tab");
        await Expect(fed.Locator("#city")).ToBeFocusedAsync();
        await fed.Keyboard.TypeAsync("tunis");
        await fed.Keyboard.PressAsync("Enter");
        await Expect(fed.Locator("#directory-count")).ToHaveTextAsync("1 partenariat");

        violations.AddRange(await Axe.EverywhereAsync(fed, "/federations/cuf", "/federations/cuf/onboard", "/federations/cuf/directory", "/federations/cuf/directory?country=TN", "/federations/cuf/directory/map"));
        await town.GotoAsync("/villeneuve-les-avignon/admin/federations");
        await Expect(town.Locator("tr[data-federation=cuf]")).ToContainTextAsync("Membre");
        violations.AddRange(await Axe.EverywhereAsync(town, "/villeneuve-les-avignon/admin/federations"));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Federations.Matching;

/// <summary>
/// In Chromium: Bagnolet's admin says what the town seeks, sees Marseille suggested with the reason, writes to it; Marseille's
/// admin follows the mailed link (MailDev), reads the message without Bagnolet's address and answers; Bagnolet then sees
/// Marseille's address. axe-core on the pages, French and English.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class PartnerMatchingBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task A_town_says_what_it_seeks_sees_a_suggestion_with_its_reason_and_contacts_it_and_the_answer_reveals_both_addresses()
    {
        string[] modules = [ModuleKeys.Agreements, ModuleKeys.FederationDirectory];
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet", modules: modules);
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: modules);
        await Data.AddFederationMemberAsync(cuf, bagnolet);
        await Data.AddFederationMemberAsync(cuf, marseille);
        await Data.AddAgreementAsync(marseille, "Accord Marseille–Rabat", AgreementKind.CooperationAgreement, [await Data.AddCityAsync(marseille, "Rabat", "MA", 34.02, -6.83)], ["water"]);
        var bagnoletAdmin = MailDev.NewAddress("admin", "bagnolet.fr");
        var marseilleAdmin = MailDev.NewAddress("admin", "marseille.fr");
        await Data.CreateStaffAsync(bagnolet, bagnoletAdmin, Roles.TenantAdmin);
        await Data.CreateStaffAsync(marseille, marseilleAdmin, Roles.TenantAdmin);
        var violations = new List<string>();

        await using var own = await NewContextAsync();
        var page = await own.NewPageAsync();
        await SignInAsync(page, "bagnolet", bagnoletAdmin);
        await page.GotoAsync("/bagnolet/admin/federations");
        await page.GetByRole(AriaRole.Link, new() { Name = "Recherche de partenaires : ce que la ville recherche, suggestions et contacts" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Recherche de partenaires");
        await page.GetByLabel("Pays", new() { Exact = true }).SelectOptionAsync(["MA"]);
        await page.GetByLabel("Eau", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Notre pays").SelectOptionAsync("FR");
        await page.GetByLabel("Notre recherche en quelques mots, en français").FillAsync("Nous cherchons une ville du Maroc pour travailler sur l'eau.");
        await page.GetByLabel("Publier cette recherche dans les annuaires de nos fédérations").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la recherche" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Votre recherche de partenaires est enregistrée.");
        var suggestion = page.Locator("[data-federation=cuf] li[data-town=marseille]");
        await Expect(suggestion).ToContainTextAsync("travaille aussi dans le domaine « Eau » avec Rabat (Maroc)");
        violations.AddRange(await Axe.EverywhereAsync(page, "/bagnolet/admin/federations/partners", "/federations/cuf/directory/seeking"));

        await suggestion.GetByRole(AriaRole.Link, new() { Name = "Contacter Ville de Marseille" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Écrire à Ville de Marseille");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        await Expect(page.Locator("#Message-error")).ToHaveTextAsync("Écrivez votre message.");
        violations.AddRange(await Axe.CheckAsync(page, "current", "fr"));
        await page.GetByLabel("Votre message").FillAsync("Bonjour, échangeons sur l'eau !");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Votre message est envoyé.");
        await Expect(page.Locator("#contact-status")).ToHaveTextAsync("En attente de réponse");
        var conversation = page.Url;

        var mail = await MailDev.WaitForAsync(marseilleAdmin, timeout: TimeSpan.FromSeconds(30));
        await using var other = await NewContextAsync();
        var them = await other.NewPageAsync();
        await SignInAsync(them, "marseille", marseilleAdmin);
        await them.GotoAsync(MailDev.LinkIn(mail));
        await Expect(them.Locator(".contact-message")).ToHaveTextAsync("Bonjour, échangeons sur l'eau !");
        await Expect(them.Locator("#contact-sender")).Not.ToContainTextAsync(bagnoletAdmin);
        violations.AddRange(await Axe.EverywhereAsync(them, new Uri(MailDev.LinkIn(mail)).PathAndQuery));
        await them.GetByLabel("Votre réponse").FillAsync("Avec plaisir.");
        await them.GetByRole(AriaRole.Button, new() { Name = "Répondre", Exact = true }).ClickAsync();
        await Expect(them.Locator(".alert-success")).ToContainTextAsync("Votre réponse est envoyée");
        await Expect(them.Locator("#contact-sender")).ToContainTextAsync(bagnoletAdmin);

        await page.GotoAsync(conversation);
        await Expect(page.Locator("#contact-status")).ToHaveTextAsync("Répondu");
        await Expect(page.Locator("#contact-answerer")).ToContainTextAsync(marseilleAdmin);
        violations.AddRange(await Axe.CheckAsync(page, "current", "fr"));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    /// <summary>A context of its own (axe-core is added as a script tag: the page's CSP is bypassed in tests only).</summary>

    private static async Task SignInAsync(IPage page, string town, string email)
    {
        await page.GotoAsync($"/{town}/sign-in");
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("administration");
    }
}

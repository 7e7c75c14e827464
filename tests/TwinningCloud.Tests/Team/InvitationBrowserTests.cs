using Microsoft.Playwright;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using static Microsoft.Playwright.Assertions;
using TwinningCloud.Tests.Browser;

namespace TwinningCloud.Tests.Team;

[Trait("Category", TestCategories.Browser)]
public sealed class InvitationBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task A_Marseille_admin_invites_a_colleague_who_follows_the_mail_sets_a_password_and_lands_on_the_dashboard()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var adminEmail = MailDev.NewAddress("admin");
        await Data.CreateStaffAsync(marseille, adminEmail, Roles.TenantAdmin);
        var colleague = MailDev.NewAddress("colleague");

        await Page.GotoAsync("/marseille/sign-in");
        await Page.GetByLabel("Adresse électronique").FillAsync(adminEmail);
        await Page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ville de Marseille — administration");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Équipe", Exact = true }).ClickAsync();
        var invite = Page.Locator("#invite-form");
        await invite.GetByLabel("Nom").FillAsync("Camille Durand");
        await invite.GetByLabel("Adresse électronique").FillAsync(colleague);
        await invite.GetByLabel("Rôle").SelectOptionAsync(new SelectOptionValue { Label = "Rédacteur" });
        await invite.GetByRole(AriaRole.Button, new() { Name = "Envoyer l'invitation" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync(colleague);
        await Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync(colleague);
        await Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync("Camille Durand");

        var mail = await MailDev.WaitForAsync(colleague);
        var colleagueContext = await Page.Context.Browser!.NewContextAsync(new() { Locale = "fr-FR" });
        var colleaguePage = await colleagueContext.NewPageAsync();
        await colleaguePage.GotoAsync(MailDev.LinkIn(mail));
        await Expect(colleaguePage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bienvenue : choisissez votre mot de passe");
        await colleaguePage.GetByLabel("Nouveau mot de passe", new() { Exact = true }).FillAsync("Colleague-password-2026");
        await colleaguePage.GetByLabel("Confirmez le nouveau mot de passe").FillAsync("Colleague-password-2026");
        await colleaguePage.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();

        await Expect(colleaguePage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ville de Marseille — administration");
        Assert.EndsWith("/marseille/admin", colleaguePage.Url, StringComparison.Ordinal);
        await colleagueContext.CloseAsync();
    }
}

using Microsoft.Playwright;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using static Microsoft.Playwright.Assertions;
using TwinningCloud.Tests.Browser;

namespace TwinningCloud.Tests.Register;

[Trait("Category", TestCategories.Browser)]
public sealed class RegisterBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task An_editor_adds_an_agreement_with_a_new_partner_city_and_the_public_page_shows_it_in_the_list_and_on_the_map()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var editor = MailDev.NewAddress("editor");
        await Data.CreateStaffAsync(marseille, editor, Roles.Editor);
        var visitor = await Page.Context.Browser!.NewContextAsync(new() { Locale = "fr-FR" });
        var publicPage = await visitor.NewPageAsync();
        await publicPage.GotoAsync($"{App.BaseAddress}marseille/twinnings"); // seen (and cached) before the edit
        await Expect(publicPage.GetByText("Accord de coopération Marseille–Tunis")).ToHaveCountAsync(0);

        await Page.GotoAsync("/marseille/sign-in");
        await Page.GetByLabel("Adresse électronique").FillAsync(editor);
        await Page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Villes partenaires" }).First.ClickAsync();
        await Page.GotoAsync("/marseille/admin/partner-cities/new");
        var city = Page.Locator("#city-form");
        await city.GetByLabel("Nom", new() { Exact = true }).FillAsync("Tunis");
        await city.GetByLabel("Pays").SelectOptionAsync("TN");
        await city.GetByLabel("Latitude").FillAsync("36.8065");
        await city.GetByLabel("Longitude").FillAsync("10.1815");
        await city.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(Page.Locator(".alert-success")).ToContainTextAsync("Tunis");

        await Page.GotoAsync("/marseille/admin/agreements/new");
        var agreement = Page.Locator("#agreement-form");
        await agreement.GetByLabel("Type d'accord").SelectOptionAsync("CooperationAgreement");
        await agreement.GetByLabel("Intitulé").FillAsync("Accord de coopération Marseille–Tunis");
        await agreement.GetByLabel("Tunis").CheckAsync();
        await agreement.GetByLabel("Signé le").FillAsync("2019-06-24");
        await agreement.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).First.ClickAsync();
        await Expect(Page.Locator(".alert-success")).ToBeVisibleAsync();

        await publicPage.ReloadAsync();
        await Expect(publicPage.GetByRole(AriaRole.Heading, new() { Name = "Accord de coopération Marseille–Tunis" })).ToBeVisibleAsync();
        var pin = publicPage.Locator("figure.world-map a.world-map-pin").Filter(new() { Has = publicPage.Locator("title", new() { HasTextString = "Tunis" }) });
        await Expect(pin).ToHaveCountAsync(1);
        await pin.FocusAsync();
        await publicPage.Keyboard.PressAsync("Enter");
        await Expect(publicPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Tunis");
        await visitor.CloseAsync();
    }
}

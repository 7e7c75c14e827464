using Microsoft.Playwright;
using TwinningCloud.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Browser;

[Trait("Category", TestCategories.Browser)]
public sealed class HomePagesBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task A_visitor_opens_Marseille_and_Bagnolet_and_switches_to_English_and_back()
    {
        await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet");

        await Page.GotoAsync("/marseille/");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ville de Marseille, ouverte sur le monde");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Villes partenaires" }).First).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ville de Marseille, open to the world");
        Assert.EndsWith("/marseille/?lang=en", Page.Url, StringComparison.Ordinal);

        // The choice is remembered on the next town's site.
        await Page.GotoAsync("/bagnolet/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ville de Bagnolet, open to the world");
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" })).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Français" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ville de Bagnolet, ouverte sur le monde");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
    }

    [Fact]
    public async Task A_keyboard_user_can_skip_to_the_content()
    {
        await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Page.GotoAsync("/marseille/");

        await Page.Keyboard.PressAsync("Tab");
        var skip = Page.GetByRole(AriaRole.Link, new() { Name = "Aller au contenu" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeVisibleAsync();
        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page.Locator("main#main")).ToBeFocusedAsync();
    }
}

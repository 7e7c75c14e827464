using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using static Microsoft.Playwright.Assertions;
using TwinningCloud.Tests.Browser;

namespace TwinningCloud.Tests.Register.PartnerCities;

/// <summary>Issue 9 items 13–16 in Chromium: the city picker by keyboard (under the real CSP: no inline script), and axe-core on the touched pages in French and English.</summary>
[Trait("Category", TestCategories.Browser)]
public sealed class CityPickerBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/marseille/sign-in");
        await page.GetByLabel("Adresse électronique").FillAsync("editor@marseille.fr");
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    [Fact]
    public async Task An_editor_picks_a_city_with_the_keyboard_and_the_form_is_filled_then_saved()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        await SignInAsync(Page);

        await Page.GotoAsync("/marseille/admin/partner-cities/new");
        var picker = Page.GetByRole(AriaRole.Combobox, new() { Name = "Chercher la ville dans le répertoire géographique" });
        await Expect(picker).ToBeVisibleAsync();
        await picker.FocusAsync();
        await Page.Keyboard.TypeAsync("zuri");
        await Expect(Page.GetByRole(AriaRole.Listbox)).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Option).First).ToContainTextAsync("Zürich");
        await Page.Keyboard.PressAsync("ArrowDown");
        await Expect(picker).ToHaveAttributeAsync("aria-activedescendant", "city-picker-option-0");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Listbox)).ToBeHiddenAsync();

        var form = Page.Locator("#city-form");
        await Expect(form.GetByLabel("Nom", new() { Exact = true })).ToHaveValueAsync("Zürich");
        await Expect(form.Locator("#CountryCode")).ToHaveValueAsync("CH");
        await Expect(form.Locator("#Latitude")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^47\.3"));
        await Expect(form.Locator("#Population")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d{6}$"));
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(Page.Locator(".alert-success")).ToContainTextAsync("Zürich");

        var city = await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().SingleAsync());
        Assert.Equal(("Zürich", "CH"), (city.Name, city.CountryCode));
        Assert.InRange(city.Longitude!.Value, 8.5, 8.6);
    }

    [Fact]
    public async Task The_touched_staff_and_public_pages_pass_axe_in_French_and_English()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: ["agreements", "network-memberships"]);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var anvers = await Data.AddNamedCityAsync(marseille, "Anvers", "BE", nameEn: "Antwerp");
        var kobe = await Data.AddNamedCityAsync(marseille, "Kobé", "JP");
        var agreement = await Data.AddBilingualAgreementAsync(marseille, "Serment Marseille–Anvers", [anvers.Id, kobe.Id], summary: "Ports.",
            signedOn: new DateOnly(1962, 1, 1), precision: TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Year);
        var membership = await Data.AddMembershipAsync(marseille, "cuf");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page);

        var violations = new List<string>();
        foreach (var language in new[] { "fr", "en" })
        {
            foreach (var url in new[]
            {
                "/marseille/admin/partner-cities/new", $"/marseille/admin/partner-cities/{anvers.Id}", $"/marseille/admin/agreements/{agreement.Id}",
                "/marseille/admin/agreements", "/marseille/admin/partner-cities", $"/marseille/admin/networks/{membership.Id}",
                "/marseille/twinnings", "/marseille/partner-cities", $"/marseille/partner-cities/{kobe.Id}", "/marseille/networks", "/marseille/list",
            })
            {
                violations.AddRange(await Axe.AtAsync(page, url, language));
            }
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

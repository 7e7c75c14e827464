using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>The API clients page in Chromium: reached from the dashboard, a client registered with the keyboard, its secret shown once; no WCAG 2.1 AA violation (axe-core) in French and English, errors and secret included.</summary>
[Trait("Category", TestCategories.Browser)]
public sealed class ApiClientsBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task An_admin_registers_a_client_from_the_dashboard_with_the_keyboard_sees_its_secret_once_and_the_page_passes_axe()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: ["agreements", "network-memberships"]);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        await Data.AddApiClientAsync(marseille, "Intranet", ["register.read"]);
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/marseille/sign-in");
        await page.GetByLabel("Adresse électronique").FillAsync("admin@marseille.fr");
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GotoAsync("/marseille/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Clients de l'API" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Clients de l'API");

        var violations = new List<string>();
        foreach (var language in new[] { "fr", "en" })
        {
            await page.GotoAsync($"/marseille/admin/api-clients?lang={language}");
            violations.AddRange(await Axe.HereAsync(page, "list " + language));
            // Errors: submitted empty.
            await page.Locator("#new-client-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            violations.AddRange(await Axe.HereAsync(page, "errors " + language));
        }

        // With the keyboard: name, a scope ticked with the space bar, submit with Enter.
        await page.GotoAsync("/marseille/admin/api-clients?lang=fr");
        await page.Locator("#Name").FocusAsync();
        await page.Keyboard.TypeAsync("Site de la ville");
        await page.Locator("#scope-register\\.read").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Locator("#RequestsPerMinute").FocusAsync();
        await page.Keyboard.TypeAsync("120");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#secret-title")).ToHaveTextAsync("Client de l'API « Site de la ville » enregistré");
        var secret = await page.Locator("#client-secret").TextContentAsync();
        Assert.False(string.IsNullOrEmpty(secret));
        await Expect(page.Locator("#clients tbody tr")).ToHaveCountAsync(2);
        violations.AddRange(await Axe.HereAsync(page, "secret fr"));
        await page.GotoAsync("/marseille/admin/api-clients?lang=en");
        Assert.DoesNotContain(secret!, await page.ContentAsync(), StringComparison.Ordinal);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.ImportExport;

/// <summary>The import in Chromium: from the dashboard, a bad file's report, then a good file previewed and applied; no WCAG 2.1 AA violation (axe-core) on the import and export pages in French and English.</summary>
[Trait("Category", TestCategories.Browser)]
public sealed class ImportBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    private static FilePayload Csv(string name, string content) => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(content) };

    [Fact]
    public async Task An_editor_imports_partner_cities_from_the_dashboard_after_fixing_a_bad_line_and_the_pages_pass_axe()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements, ModuleKeys.NetworkMemberships]);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/marseille/sign-in");
        await page.GetByLabel("Adresse électronique").FillAsync("editor@marseille.fr");
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GotoAsync("/marseille/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Importer", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Importer");

        // A bad line: the report says where and why, the summary takes the focus, and nothing can be applied.
        await page.GetByLabel("Fichier (CSV ou JSON)").SetInputFilesAsync(Csv("villes.csv", "name,country,population\nGênes,IT,beaucoup\n"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Prévisualiser" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#bad-lines tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#bad-lines tbody tr td").Nth(1)).ToHaveTextAsync("population");
        await Expect(page.Locator("#apply-form")).ToHaveCountAsync(0);
        var violations = await Axe.HereAsync(page, "the report of a bad line (fr)");

        // The corrected file: previewed (the town's kinds counted), then applied.
        await page.GetByLabel("Fichier (CSV ou JSON)").SetInputFilesAsync(Csv("villes.csv", "name,country,population\nGênes,IT,609000\nAnvers,BE,\n"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Prévisualiser" }).ClickAsync();
        await Expect(page.Locator("#import-counts tbody tr")).ToHaveCountAsync(3); // partner cities, agreements, memberships
        await Expect(page.Locator("#import-counts tr[data-kind='partner-city'] td[data-outcome='created']")).ToHaveTextAsync("2");
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider l'import" }).ClickAsync();
        await Expect(page.Locator("#import-result")).ToContainTextAsync("villes.csv importé : 2 créés");
        violations.AddRange(await Axe.HereAsync(page, "the applied import (fr)"));
        Assert.Equal(["Anvers", "Gênes"], await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().OrderBy(c => c.Name).Select(c => c.Name).ToListAsync()));

        violations.AddRange(await Axe.EverywhereAsync(page, "/marseille/admin/import", "/marseille/admin/export", "/marseille/admin/calendar"));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

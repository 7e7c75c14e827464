using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Lifecycle;

/// <summary>
/// In Chromium: the operator exports a town from its lifecycle page and the page follows the job until the archive's
/// download link appears; a town's admin does the same from the town's side. axe-core on the lifecycle pages (export
/// and deletion, import, deletion log) and the vital signs, French and English, wide and narrow.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class OperationsBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task The_operator_exports_a_town_and_the_page_shows_the_download_when_the_job_is_done_and_every_operations_page_passes_axe()
    {
        await Data.EnsureOperatorAsync();
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements]);
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Adresse électronique").FillAsync(TestUsers.OperatorEmail);
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.OperatorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.GotoAsync($"/platform/tenants/{marseille.Id}/lifecycle");
        await page.Locator("form[action*='handler=Export'] button").ClickAsync();
        // The job runs in the background; the page follows it and shows the archive once it is ready.
        await Expect(page.Locator("#exports a[download]")).ToBeVisibleAsync(new() { Timeout = 120_000 });

        var violations = await Axe.EverywhereAsync(page,
            $"/platform/tenants/{marseille.Id}/lifecycle", "/platform/tenants/import", "/platform/tenants/deletions", "/platform/vital-signs");
        Assert.Empty(violations);
    }

    [Fact]
    public async Task A_towns_admin_exports_their_own_town_and_downloads_the_archive_from_an_accessible_page()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements]);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/marseille/sign-in");
        await page.GetByLabel("Adresse électronique").FillAsync("admin@marseille.fr");
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.GotoAsync("/marseille/admin/town-archive");
        await page.Locator("main form.inline-form button").ClickAsync();
        await Expect(page.Locator("#exports a[download]")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#exports a[download]").ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);

        Assert.Empty(await Axe.EverywhereAsync(page, "/marseille/admin/town-archive"));
    }
}

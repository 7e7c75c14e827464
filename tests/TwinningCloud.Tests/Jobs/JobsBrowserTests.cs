using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Jobs;

/// <summary>The jobs pages in Chromium: reached from the dashboard, a retry by keyboard and mouse, and no WCAG 2.1 AA violation (axe-core) in French and English.</summary>
[Trait("Category", TestCategories.Browser)]
public sealed class JobsBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task An_admin_finds_a_dead_job_from_the_dashboard_retries_it_and_the_pages_pass_axe()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        await Data.EnsureOperatorAsync();
        var dead = await Data.AddJobAsync(marseille.Id, "Rappel : revue Marseille–Gênes, 7 jours avant", JobState.Dead, kind: "reminders.send",
            attempts: 8, lastError: "SmtpException: Mailbox unavailable. The server response was: 550 mailbox full", idempotencyKey: "reminders.send/42/7");
        foreach (var state in new[] { JobState.Queued, JobState.Running, JobState.Succeeded, JobState.Failed, JobState.Cancelled })
        {
            await Data.AddJobAsync(marseille.Id, $"Job {state}", state, lastError: state == JobState.Failed ? "TimeoutException: the server did not answer" : null, attempts: 1);
        }
        await Data.AddJobAsync(null, "Purge", JobState.Succeeded, kind: "jobs.purge-finished", attempts: 1);

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/marseille/sign-in");
        await page.GetByLabel("Adresse électronique").FillAsync("admin@marseille.fr");
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GotoAsync("/marseille/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tâches de fond" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tâches de fond");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Tâche {dead.Id}" }).ClickAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("550 mailbox full");

        var violations = new List<string>();
        foreach (var language in new[] { "fr", "en" })
        {
            foreach (var url in new[] { "/marseille/admin/jobs", "/marseille/admin/jobs?q=mail&state=dead", $"/marseille/admin/jobs/{dead.Id}", "/marseille/admin" })
            {
                violations.AddRange(await Axe.AtAsync(page, url, language));
            }
        }

        await page.GotoAsync($"/marseille/admin/jobs/{dead.Id}?lang=fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Relancer maintenant" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync($"La tâche {dead.Id} est remise dans la file");
        await Data.WaitForJobAsync(dead.Id, JobState.Succeeded);
        await page.ReloadAsync();
        await Expect(page.Locator("dl.facts .badge")).ToContainTextAsync("Réussie");

        var operatorPage = await (await NewContextAsync()).NewPageAsync();
        await operatorPage.GotoAsync("/sign-in");
        await operatorPage.GetByLabel("Adresse électronique").FillAsync(TestUsers.OperatorEmail);
        await operatorPage.GetByLabel("Mot de passe").FillAsync(TestUsers.OperatorPassword);
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "Tâches", Exact = true }).ClickAsync();
        await Expect(operatorPage.Locator("table.data-table tbody tr")).ToHaveCountAsync(7);
        foreach (var language in new[] { "fr", "en" })
        {
            violations.AddRange(await Axe.AtAsync(operatorPage, "/platform/jobs", language));
            violations.AddRange(await Axe.AtAsync(operatorPage, $"/platform/jobs/{dead.Id}", language));
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

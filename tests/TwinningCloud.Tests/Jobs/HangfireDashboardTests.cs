using System.Net;
using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Jobs;

/// <summary>Hangfire's dashboard at /platform/hangfire: the operator sees it working in Chromium under our Content-Security-Policy; nobody else gets it.</summary>
[Trait("Category", TestCategories.Browser)]
public sealed class HangfireDashboardTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task The_operator_gets_the_dashboard_and_a_town_admin_or_a_visitor_gets_404()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        await Data.EnsureOperatorAsync();

        // Anyone but an operator gets the 404 page everywhere under it (decided in ADR 0007: no redirect to the sign-in page,
        // the dashboard is not advertised), for pages, its live statistics and its actions alike.
        string[] addresses = ["/platform/hangfire", "/platform/hangfire/", "/platform/hangfire/jobs/succeeded", "/platform/hangfire/recurring"];
        using (var visitor = App.CreateClient())
        {
            foreach (var address in addresses)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(address)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.PostAsync("/platform/hangfire/stats", new FormUrlEncodedContent([]))).StatusCode);
        }
        using (var admin = App.CreateClient())
        {
            AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("/marseille", "admin@marseille.fr"));
            foreach (var address in addresses)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(address)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/platform/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "platform.daily-schedules")]))).StatusCode);
        }

        using (var op = App.CreateClient())
        {
            AssertStatus(HttpStatusCode.Redirect, await op.SignInAsync("", TestUsers.OperatorEmail, TestUsers.OperatorPassword));
            var home = await op.GetAsync("/platform/hangfire");
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains("TwinningCloud — Hangfire", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/platform/hangfire/recurring")).StatusCode);
        }
    }

    [Fact]
    public async Task The_operator_sees_the_dashboard_working_in_chromium_under_the_csp()
    {
        await Data.EnsureOperatorAsync();
        await using var context = await Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'), Locale = "fr-FR", // no BypassCSP: the real policy applies
        });
        var page = await context.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Adresse électronique").FillAsync(TestUsers.OperatorEmail);
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.OperatorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("sign-in", StringComparison.Ordinal));

        var dashboard = await page.GotoAsync("/platform/hangfire");
        Assert.Equal(200, dashboard!.Status);
        // The page's own scripts ran: the live statistics were fetched and the realtime chart drawn.
        await Expect(page.Locator("canvas#realtimeGraph")).ToBeVisibleAsync();
        await page.Locator("a[href*='/platform/hangfire/jobs/']").First.ClickAsync(); // "Tâches": the dashboard follows the browser's language
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/platform/hangfire/jobs/"));
        await page.GotoAsync("/platform/hangfire/recurring");
        await Expect(page.Locator("body")).ToContainTextAsync("platform.daily-schedules");
        Assert.True(blocked.Count == 0, string.Join(Environment.NewLine, blocked));
    }
}

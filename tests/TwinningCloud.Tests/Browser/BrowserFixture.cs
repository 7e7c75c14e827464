using Microsoft.Playwright;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Browser;

/// <summary>Debian's Chromium, driven by Playwright's own (offline) driver; one browser for the run, a fresh context per test.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}

/// <summary>Tests that click through the app in a real browser, against the app on its real loopback port.</summary>
public abstract class BrowserTest(AppFixture app, BrowserFixture browser) : AppTest(app), IClassFixture<BrowserFixture>
{
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseAddress.ToString().TrimEnd('/'), Locale = "fr-FR" });
        Context.SetDefaultTimeout(15_000);
        Page = await Context.NewPageAsync();
    }

    public override async Task DisposeAsync()
    {
        await Context.CloseAsync();
        await base.DisposeAsync();
    }

    /// <summary>
    /// Another person's browser (a context of its own, in French), which lets axe-core's script in (the app's
    /// Content-Security-Policy allows only its own scripts: <see cref="Axe"/> needs this) and accepts downloads.
    /// </summary>
    protected Task<IBrowserContext> NewContextAsync() =>
        Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'), Locale = "fr-FR", BypassCSP = true, AcceptDownloads = true,
        });
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using static Microsoft.Playwright.Assertions;
using static TwinningCloud.Tests.ApiClients.AuthorizationCode;
using static TwinningCloud.Tests.ApiClients.ClientCredentials;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>
/// The authorization-code flow with PKCE in Chromium, end to end: an application sends a staff member to the town's
/// authorize address; they sign in on the town's sign-in page, read the consent page (axe-core: no WCAG 2.1 AA
/// violation, French and English) and allow; the application's loopback redirect URI receives the code, which the
/// application exchanges with its PKCE verifier for a token it calls the API with.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class AuthorizationCodeBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task A_staff_member_signs_in_consents_and_the_applications_loopback_redirect_gets_a_code_it_exchanges_with_its_verifier_for_API_access()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: ["agreements"]);
        await Data.AddPartnerCityAsync(marseille, "Kobe", "JP", isPublic: false);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var callback = new LoopbackCallback();
        var (clientId, _, _) = await Data.AddPersonAppAsync(marseille, "Outil de l'intranet", ["register.read"], callback.RedirectUri);
        var (verifier, challenge) = Pkce();
        var authorize = AuthorizeUrl("/marseille", clientId, callback.RedirectUri, "register.read offline_access", challenge, state: "st-1");
        // The consent page passes axe-core in French and English (a context that may inject axe's script).
        await using (var axeContext = await NewContextAsync())
        {
            axeContext.SetDefaultTimeout(15_000);
            var axePage = await axeContext.NewPageAsync();
            await SignInThroughAuthorizeAsync(axePage, authorize);
            await Expect(axePage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Autoriser « Outil de l'intranet » à agir en votre nom ?");
            var violations = (await Axe.HereAsync(axePage, "consent fr")).ToList();
            await axePage.GotoAsync(authorize + "&lang=en");
            await Expect(axePage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Allow \"Outil de l'intranet\" to act for you?");
            await Expect(axePage.Locator("#consent-scopes li")).ToHaveCountAsync(2);
            violations.AddRange(await Axe.HereAsync(axePage, "consent en"));
            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        }

        // The flow as a person's browser runs it, the page's Content-Security-Policy enforced: the application sends
        // the person to the town; not signed in, they sign in on the town's page first, then consent.
        await SignInThroughAuthorizeAsync(Page, authorize);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Autoriser « Outil de l'intranet » à agir en votre nom ?");
        await Expect(Page.Locator("#consent-return code")).ToHaveTextAsync(callback.RedirectUri);

        // Allow: the browser goes to the application's redirect URI with the code and the state.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Autoriser" }).ClickAsync();
        var received = await callback.Received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Code received");
        Assert.Equal("st-1", QueryValue(received, "state"));

        // The application exchanges the code with its verifier and calls the API as the person.
        using var http = App.CreateClient();
        var (access, refresh) = await TokensAsync(await ExchangeCodeAsync(http, "/marseille", clientId, null, QueryValue(received, "code"), verifier, callback.RedirectUri));
        Assert.NotEqual("", refresh);
        var cities = await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/partner-cities", access));
        AssertStatus(HttpStatusCode.OK, cities);
        Assert.Contains("Kobe", await cities.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task SignInThroughAuthorizeAsync(IPage page, string authorize)
    {
        await page.GotoAsync(authorize);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/marseille/sign-in"));
        await page.GetByLabel("Adresse électronique").FillAsync("editor@marseille.fr");
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    /// <summary>The application's redirect URI: a real listener on the loopback interface (RFC 8252 §7.3), as a desktop tool has.</summary>
    private sealed class LoopbackCallback : IDisposable
    {
        private readonly HttpListener _listener = new();

        public LoopbackCallback()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            RedirectUri = $"http://127.0.0.1:{port}/callback";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = ServeAsync();
        }

        public string RedirectUri { get; }

        public TaskCompletionSource<Uri> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext request;
                try
                {
                    request = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                var body = Encoding.UTF8.GetBytes("<!doctype html><html lang=\"en\"><title>Callback</title><main><h1>Code received</h1></main></html>");
                request.Response.ContentType = "text/html; charset=utf-8";
                await request.Response.OutputStream.WriteAsync(body);
                request.Response.Close();
                if (request.Request.Url is { } url && url.AbsolutePath == "/callback")
                {
                    Received.TrySetResult(url);
                }
            }
        }

        public void Dispose() => _listener.Close();
    }
}

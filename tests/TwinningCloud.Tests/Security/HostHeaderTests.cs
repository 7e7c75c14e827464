using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Security;

/// <summary>The app as a deployment runs it: <c>Site:PublicOrigin</c> set (the tests reach it on loopback with that Host).</summary>
public sealed class ConfiguredOriginApp : AppFixture
{
    public const string Origin = "https://twinning.test";
    public const string OriginHost = "twinning.test";

    public ConfiguredOriginApp() => Settings = new Dictionary<string, string> { ["Site:PublicOrigin"] = Origin };
}

/// <summary>
/// Issue 9, item 1: links in mails come from configuration, never from the request's <c>Host</c>; a request for a
/// host that is neither the platform's nor a town's is refused (400); a town cannot take the platform's host name.
/// </summary>
public sealed class HostHeaderTests(ConfiguredOriginApp app) : IClassFixture<ConfiguredOriginApp>, IAsyncLifetime
{
    private const string Attacker = "attacker.example:8443";
    private const string BagnoletHost = "international.bagnolet.test";
    private TestData Data => new(app.Services);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Client(string host = ConfiguredOriginApp.OriginHost)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Host = host;
        return client;
    }

    /// <summary>
    /// Reads the form on <paramref name="pageUrl"/> with the client's own Host, then posts it (with its antiforgery
    /// token) under <paramref name="host"/>, as an attacker who changes the header of a request would.
    /// </summary>
    private static async Task<HttpResponseMessage> PostUnderHostAsync(HttpClient client, string pageUrl, string formSelector, string host, Dictionary<string, string> values)
    {
        var page = await client.GetPageAsync(pageUrl);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && i.Name is { Length: > 0 } && !values.ContainsKey(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).Concat(values).ToList();
        var action = new Uri(client.BaseAddress!, form.GetAttribute("action") is { Length: > 0 } target ? target : pageUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    /// <summary>Posts under the attacker's host (400, no mail) and under a variant of the real one (the mail's link: configuration only).</summary>
    private static async Task<string> LinkAfterForgedPostsAsync(
        HttpClient client, string pageUrl, string formSelector, string allowedVariant, Dictionary<string, string> values, string recipient)
    {
        var before = (await MailDev.AllAsync()).Where(m => m.To.Any(t => t.Email == recipient)).Select(m => m.Id).ToHashSet();
        var refused = await PostUnderHostAsync(client, pageUrl, formSelector, Attacker, values);
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"POST {pageUrl} with Host {Attacker}: {(int)refused.StatusCode}");

        var accepted = await PostUnderHostAsync(client, pageUrl, formSelector, allowedVariant, values);
        Assert.True(accepted.IsSuccessStatusCode, $"POST {accepted.RequestMessage?.RequestUri} with Host {allowedVariant}: {(int)accepted.StatusCode} {accepted.Headers.Location}");
        var mail = await MailDev.WaitForAsync(recipient, m => !before.Contains(m.Id));
        Assert.DoesNotContain("attacker", mail.Text + mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(":8443", mail.Text + mail.Html, StringComparison.Ordinal);
        Assert.Single(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == recipient) && !before.Contains(m.Id)); // the refused post sent nothing
        return MailDev.LinkIn(mail);
    }

    [Fact]
    public async Task A_forged_Host_on_every_mail_sending_form_is_refused_or_ignored_and_links_point_at_the_configured_addresses()
    {
        await Data.EnsureOperatorAsync();
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet", hosts: [BagnoletHost]);
        var marseilleAdmin = MailDev.NewAddress("admin");
        await Data.CreateStaffAsync(marseille, marseilleAdmin, Roles.TenantAdmin);
        var bagnoletEditor = MailDev.NewAddress("editor", "bagnolet.fr");
        await Data.CreateStaffAsync(bagnolet, bagnoletEditor, Roles.Editor);
        const string variant = "TWINNING.test:8443"; // the platform's host name, with another port: passes, must not leak into links

        // 1. Password reset, in path mode and in host mode (the town's own host name, another port).
        using (var anonymous = Client())
        {
            var link = await LinkAfterForgedPostsAsync(anonymous, "/marseille/account/forgot-password", "main form", variant,
                new() { ["Email"] = marseilleAdmin }, marseilleAdmin);
            Assert.StartsWith("https://twinning.test/marseille/account/set-password?kind=reset&", link, StringComparison.Ordinal);
        }
        using (var atBagnolet = Client(BagnoletHost))
        {
            var link = await LinkAfterForgedPostsAsync(atBagnolet, "/account/forgot-password", "main form", BagnoletHost + ":8443",
                new() { ["Email"] = bagnoletEditor }, bagnoletEditor);
            Assert.StartsWith($"https://{BagnoletHost}/account/set-password?kind=reset&", link, StringComparison.Ordinal);
        }

        // 2. A town admin invites a colleague.
        using var admin = Client();
        AssertRedirect(await admin.SignInAsync("/marseille", marseilleAdmin));
        var colleague = MailDev.NewAddress("colleague");
        var invitation = await LinkAfterForgedPostsAsync(admin, "/marseille/admin/team", "#invite-form", variant,
            new() { ["Name"] = "Camille Durand", ["Email"] = colleague, ["Role"] = Roles.Editor }, colleague);
        Assert.StartsWith("https://twinning.test/marseille/account/set-password?kind=invitation&", invitation, StringComparison.Ordinal);

        // 3. The person changes their email address.
        var renamed = MailDev.NewAddress("renamed");
        var confirmation = await LinkAfterForgedPostsAsync(admin, "/marseille/account", "form[action*='handler=Email']", variant,
            new() { ["NewEmail"] = renamed, ["CurrentPassword"] = TestUsers.StaffPassword }, renamed);
        Assert.StartsWith("https://twinning.test/marseille/account/confirm-email?", confirmation, StringComparison.Ordinal);

        // 4. The operator invites a town's administrator (path mode and host mode) and a federation's.
        using var operatorClient = Client();
        await operatorClient.SignInAsOperatorAsync();
        var firstAdmin = MailDev.NewAddress("first-admin");
        var townLink = await LinkAfterForgedPostsAsync(operatorClient, $"/platform/tenants/{marseille.Id}/invite", "main form", variant,
            new() { ["Name"] = "Première Admin", ["Email"] = firstAdmin }, firstAdmin);
        Assert.StartsWith("https://twinning.test/marseille/account/set-password?kind=invitation&", townLink, StringComparison.Ordinal);
        var bagnoletAdmin = MailDev.NewAddress("bagnolet-admin", "bagnolet.fr");
        var hostLink = await LinkAfterForgedPostsAsync(operatorClient, $"/platform/tenants/{bagnolet.Id}/invite", "main form", variant,
            new() { ["Name"] = "Admin Bagnolet", ["Email"] = bagnoletAdmin }, bagnoletAdmin);
        Assert.StartsWith($"https://{BagnoletHost}/account/set-password?kind=invitation&", hostLink, StringComparison.Ordinal);

        AssertRedirect(await operatorClient.SubmitFormAsync("/platform/federations", new Dictionary<string, string?> { ["Name"] = "Cités Unies France", ["Slug"] = "cuf" }));
        var federations = await operatorClient.GetPageAsync("/platform/federations");
        var inviteUrl = federations.QuerySelectorAll("a").First(a => a.TextContent.Contains("Cités Unies France", StringComparison.Ordinal)).GetAttribute("href")!;
        var federationAdmin = MailDev.NewAddress("federation", "cites-unies-france.org");
        var federationLink = await LinkAfterForgedPostsAsync(operatorClient, inviteUrl, "main form", variant,
            new() { ["Name"] = "Fédé Admin", ["Email"] = federationAdmin }, federationAdmin);
        Assert.StartsWith("https://twinning.test/account/set-password?kind=invitation&", federationLink, StringComparison.Ordinal);

        // 5. The operator's own password reset, on the platform.
        using var platformVisitor = Client();
        var operatorReset = await LinkAfterForgedPostsAsync(platformVisitor, "/account/forgot-password", "main form", variant,
            new() { ["Email"] = TestUsers.OperatorEmail }, TestUsers.OperatorEmail);
        Assert.StartsWith("https://twinning.test/account/set-password?kind=reset&", operatorReset, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Attacker)]
    [InlineData("localhost")] // loopback is the platform only when no origin is configured
    [InlineData("127.0.0.1")]
    [InlineData("twinning.test.attacker.example")]
    public async Task A_page_asked_for_under_an_unknown_host_answers_400(string host)
    {
        await Data.CreateTenantAsync("marseille");
        using var client = Client(host);

        foreach (var url in new[] { "/", "/marseille/", "/marseille/sign-in", "/sign-in", "/marseille/api/v1/partner-cities" })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET {url} with Host {host}: {(int)response.StatusCode}");
        }
        // The probes answer whatever the host (load balancers ask by address).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_platforms_host_and_a_host_name_the_operator_gives_a_town_are_served_at_once()
    {
        await Data.EnsureOperatorAsync();
        var marseille = await Data.CreateTenantAsync("marseille");
        using var platform = Client("Twinning.Test");
        Assert.Equal(HttpStatusCode.OK, (await platform.GetAsync("/marseille/")).StatusCode);
        using var newHost = Client("international.marseille.test");
        Assert.Equal(HttpStatusCode.BadRequest, (await newHost.GetAsync("/")).StatusCode);

        using var operatorClient = Client();
        await operatorClient.SignInAsOperatorAsync();
        AssertRedirect(await operatorClient.SubmitFormAsync($"/platform/tenants/edit/{marseille.Id}",
            new Dictionary<string, string?> { ["Form.HostNames"] = "international.marseille.test" }));

        var home = await newHost.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Ville de Marseille", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("twinning.test")]
    [InlineData("TWINNING.TEST")]
    [InlineData("localhost")]
    public async Task The_operator_cannot_give_a_town_the_platforms_host_name(string host)
    {
        await Data.EnsureOperatorAsync();
        var marseille = await Data.CreateTenantAsync("marseille");
        using var operatorClient = Client();
        await operatorClient.SignInAsOperatorAsync();

        var response = await operatorClient.SubmitFormAsync($"/platform/tenants/edit/{marseille.Id}?lang=en",
            new Dictionary<string, string?> { ["Form.HostNames"] = host });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("platform's own host name", page.QuerySelector("#HostNames-error")?.TextContent ?? "(no error)", StringComparison.Ordinal);
        Assert.Empty((await Data.LoadTenantAsync("marseille")).Hosts);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/platform/tenants")).StatusCode); // the platform still answers
    }

    private static void AssertRedirect(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
}

/// <summary>Without a configured origin (embedded default, tests), the loopback names and the listening address are the platform.</summary>
public sealed class LoopbackHostTests(AppFixture app) : AppTest(app)
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task Without_a_configured_origin_the_loopback_names_are_served(string host)
    {
        await Data.CreateTenantAsync("marseille");
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Host = host + ":1";

        AssertStatus(HttpStatusCode.OK, await client.GetAsync("/marseille/"));
    }

    [Fact]
    public async Task Without_a_configured_origin_another_host_answers_400_and_mail_links_use_the_listening_address()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var admin = MailDev.NewAddress("admin");
        await Data.CreateStaffAsync(marseille, admin, Roles.TenantAdmin);
        using var client = App.CreateClient();
        var page = await client.GetPageAsync("/marseille/account/forgot-password");
        client.DefaultRequestHeaders.Host = "attacker.example";
        AssertStatus(HttpStatusCode.BadRequest, await client.GetAsync("/marseille/"));

        client.DefaultRequestHeaders.Host = "localhost:1"; // a loopback name with another port: served, not copied into links
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        AssertStatus(HttpStatusCode.OK, await client.PostAsync("/marseille/account/forgot-password",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = admin, ["__RequestVerificationToken"] = token })));

        var link = MailDev.LinkIn(await MailDev.WaitForAsync(admin));
        Assert.StartsWith($"http://127.0.0.1:{App.BaseAddress.Port}/marseille/account/set-password?kind=reset&", link.Replace("localhost", "127.0.0.1", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}

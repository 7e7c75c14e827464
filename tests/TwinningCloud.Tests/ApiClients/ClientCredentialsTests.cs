using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.ApiClients;
using TwinningCloud.Web.Platform.Identity;
using static TwinningCloud.Tests.ApiClients.ClientCredentials;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>
/// A town's API clients (client credentials, OAuth 2.0): registered on <c>/admin/api-clients</c>, bound to their town,
/// limited to their scopes, refused at once once revoked or rotated, held to their rate.
/// </summary>
public sealed class ClientCredentialsTests(AppFixture app) : AppTest(app)
{
    private const string MarseilleHost = "international.marseille.test";
    private const string BagnoletHost = "international.bagnolet.test";

    [Fact]
    public async Task A_Marseille_client_reads_and_writes_Marseille_within_its_scopes_is_refused_outside_them_and_is_worthless_at_Bagnolet_and_on_the_platform()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements", "network-memberships"], hosts: [MarseilleHost]);
        await Data.CreateTenantAsync("bagnolet", modules: ["agreements", "network-memberships"], hosts: [BagnoletHost]);
        await Data.AddPartnerCityAsync(marseille, "Kobe", "JP", isPublic: false);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var admin = App.CreateClient();
        await admin.SignInAsync("/marseille", "admin@marseille.fr");

        // The admin registers the client on the page and sees its secret once.
        var created = await admin.SubmitFormAsync("/marseille/admin/api-clients",
            new Dictionary<string, string?> { ["Name"] = "Site de la ville", ["SelectedScopes"] = "register.read|register.write" }, "#new-client-form");
        AssertStatus(HttpStatusCode.OK, created);
        var page = await Html.ParseAsync(created);
        var clientId = page.QuerySelector("#client-id")!.TextContent;
        var secret = page.QuerySelector("#client-secret")!.TextContent;
        Assert.StartsWith("marseille-", clientId, StringComparison.Ordinal);
        Assert.True(secret.Length >= 40, "a long random secret");
        Assert.True(created.Headers.CacheControl?.NoStore, "the answer with the secret is not stored");
        Assert.DoesNotContain(secret, await admin.GetStringAsync("/marseille/admin/api-clients"), StringComparison.Ordinal); // shown once only

        using var http = App.CreateClient();
        var token = await TokenAsync(http, "/marseille", clientId, secret);

        // Within its scopes: reads the register, internal items included, and writes it (Location on creation).
        var cities = await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/partner-cities", token));
        AssertStatus(HttpStatusCode.OK, cities);
        Assert.Contains("Kobe", await cities.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var posted = await http.SendAsync(Request(HttpMethod.Post, "/marseille/api/v1/partner-cities", token, new { name = "Gênes", countryCode = "IT" }));
        AssertStatus(HttpStatusCode.Created, posted);
        Assert.EndsWith("/marseille/api/v1/partner-cities/" + (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), posted.Headers.Location!.ToString(), StringComparison.Ordinal);
        // The same town in host mode: its issuer is its configured address, so the token works there too.
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/api/v1/partner-cities", token, host: MarseilleHost)));

        // Outside its scopes: 403 problem details.
        foreach (var (method, url) in new[] { (HttpMethod.Get, "/marseille/api/v1/network-memberships"), (HttpMethod.Get, "/marseille/api/v1/me"), (HttpMethod.Get, "/marseille/admin") })
        {
            var refused = await http.SendAsync(Request(method, url, token));
            AssertStatus(HttpStatusCode.Forbidden, refused);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("insufficient_scope", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        var readOnly = await TokenAsync(http, "/marseille", clientId, secret, scope: "register.read");
        AssertStatus(HttpStatusCode.Forbidden, await http.SendAsync(Request(HttpMethod.Post, "/marseille/api/v1/partner-cities", readOnly, new { name = "Dakar", countryCode = "SN" })));
        var notPermitted = await RequestTokenAsync(http, "/marseille", clientId, secret, scope: "memberships.read");
        Assert.Equal(HttpStatusCode.BadRequest, notPermitted.StatusCode); // OpenIddict: the client is not allowed this scope
        Assert.Contains("scope", await notPermitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Elsewhere: 401, path mode and host mode, Bagnolet and the platform, reads open to anyone included.
        foreach (var (url, host) in new[] { ("/bagnolet/api/v1/partner-cities", (string?)null), ("/api/v1/partner-cities", BagnoletHost), ("/api/v1/me", null), ("/bagnolet/api/v1/agreements", null) })
        {
            var refused = await http.SendAsync(Request(HttpMethod.Get, url, token, host: host));
            AssertStatus(HttpStatusCode.Unauthorized, refused);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        // Nor can its secret get a token at Bagnolet.
        var elsewhere = await RequestTokenAsync(http, "/bagnolet", clientId, secret);
        Assert.False(elsewhere.IsSuccessStatusCode);
        Assert.Contains("invalid_client", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Security events: creation and the refusals, with the client id and never the secret.
        var events = App.Logs.Entries.Where(e => e.Category == ApiClientEvents.Category).ToList();
        Assert.Contains(events, e => e.EventId.Id == 4030 && e.Message.Contains(clientId, StringComparison.Ordinal));
        Assert.Contains(events, e => e.EventId.Id == 4033 && e.Message.Contains("scope", StringComparison.Ordinal));
        Assert.Contains(events, e => e.EventId.Id == 4035 && e.Message.Contains("bagnolet", StringComparison.Ordinal));
        Assert.DoesNotContain(App.Logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal) || e.Message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_client_and_a_rotated_secret_stop_working_at_once()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var (clientId, secret, id) = await Data.AddApiClientAsync(marseille, "Intranet", ["register.read"]);
        var admin = App.CreateClient();
        await admin.SignInAsync("/marseille", "admin@marseille.fr");
        using var http = App.CreateClient();
        var token = await TokenAsync(http, "/marseille", clientId, secret);
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/agreements", token)));
        Assert.DoesNotContain(">never<", RowOf(await admin.GetPageAsync("/marseille/admin/api-clients"), clientId).InnerHtml.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // Rotation: the new secret is shown once; the old secret and the token it gave stop at once.
        var rotated = await admin.SubmitFormAsync("/marseille/admin/api-clients", new Dictionary<string, string?>(), $"form[action*='{id}'][action*='Rotate']");
        AssertStatus(HttpStatusCode.OK, rotated);
        var newSecret = (await Html.ParseAsync(rotated)).QuerySelector("#client-secret")!.TextContent;
        Assert.NotEqual(secret, newSecret);
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/agreements", token)));
        Assert.Contains("invalid_client", await (await RequestTokenAsync(http, "/marseille", clientId, secret)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var fresh = await TokenAsync(http, "/marseille", clientId, newSecret);
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/agreements", fresh)));

        // Revocation: the token and the secret stop at once; the row stays, marked revoked, without buttons.
        var revoked = await admin.SubmitFormAsync("/marseille/admin/api-clients", new Dictionary<string, string?>(), $"form[action*='{id}'][action*='Revoke']");
        AssertStatus(HttpStatusCode.OK, revoked);
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/agreements", fresh)));
        Assert.Contains("invalid_client", await (await RequestTokenAsync(http, "/marseille", clientId, newSecret)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var row = RowOf(await admin.GetPageAsync("/marseille/admin/api-clients"), clientId);
        Assert.Empty(row.QuerySelectorAll("button"));

        var events = App.Logs.Entries.Where(e => e.Category == ApiClientEvents.Category).Select(e => e.EventId.Id).ToList();
        Assert.Contains(4031, events);
        Assert.Contains(4032, events);
    }

    [Fact]
    public async Task A_client_over_its_rate_gets_429_with_Retry_After_and_other_clients_keep_theirs()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var (slowId, slowSecret, _) = await Data.AddApiClientAsync(marseille, "Slow", ["register.read"], requestsPerMinute: 3);
        var (otherId, otherSecret, _) = await Data.AddApiClientAsync(marseille, "Other", ["register.read"]);
        using var http = App.CreateClient();
        var slow = await TokenAsync(http, "/marseille", slowId, slowSecret);
        var other = await TokenAsync(http, "/marseille", otherId, otherSecret);
        for (var i = 0; i < 3; i++)
        {
            AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/domains", slow)));
        }
        var limited = await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/domains", slow));
        AssertStatus(HttpStatusCode.TooManyRequests, limited);
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/domains", other)));
    }

    [Fact]
    public async Task Registering_a_client_without_name_or_scope_shows_the_errors_and_editors_cannot_reach_the_page()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var admin = App.CreateClient();
        await admin.SignInAsync("/marseille", "admin@marseille.fr");
        var refused = await admin.SubmitFormAsync("/marseille/admin/api-clients?lang=en", new Dictionary<string, string?> { ["Name"] = " ", ["RequestsPerMinute"] = "0" }, "#new-client-form");
        AssertStatus(HttpStatusCode.UnprocessableEntity, refused);
        var page = await Html.ParseAsync(refused);
        Assert.Equal("Give the client a name.", page.QuerySelector("#Name-error")!.TextContent);
        Assert.Equal("Tick at least one scope.", page.QuerySelector("#Scopes-error")!.TextContent);
        Assert.NotNull(page.QuerySelector("#RequestsPerMinute-error"));
        Assert.Null(page.QuerySelector("#client-secret"));
        Assert.Equal("Clients de l'API", (await admin.GetPageAsync("/marseille/admin/api-clients?lang=fr")).QuerySelector("h1")!.TextContent);

        var editor = App.CreateClient();
        await editor.SignInAsync("/marseille", "editor@marseille.fr");
        var denied = await editor.GetAsync("/marseille/admin/api-clients");
        Assert.True(denied.StatusCode == HttpStatusCode.Redirect && denied.Headers.Location!.ToString().Contains("/error/403", StringComparison.Ordinal), $"{(int)denied.StatusCode} {denied.Headers.Location}");
    }

    [Fact]
    public async Task Each_town_has_its_own_issuer_in_its_discovery_document_from_configuration()
    {
        await Data.CreateTenantAsync("marseille", hosts: [MarseilleHost]);
        await Data.CreateTenantAsync("bagnolet");
        using var http = App.CreateClient();
        var marseille = await http.GetFromJsonAsync<JsonElement>("/marseille/.well-known/openid-configuration");
        Assert.Equal($"http://{MarseilleHost}/", marseille.GetProperty("issuer").GetString());
        Assert.Equal($"http://{MarseilleHost}/connect/token", marseille.GetProperty("token_endpoint").GetString());
        var bagnolet = await http.GetFromJsonAsync<JsonElement>("/bagnolet/.well-known/openid-configuration");
        Assert.Equal(new Uri(App.BaseAddress, "/bagnolet/").Port, new Uri(bagnolet.GetProperty("issuer").GetString()!).Port);
        Assert.EndsWith("/bagnolet/", bagnolet.GetProperty("issuer").GetString(), StringComparison.Ordinal);
        Assert.Contains("client_credentials", bagnolet.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task Marseilles_admin_cannot_rotate_or_revoke_a_Bagnolet_client_nor_see_it()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        var (bagnoletClient, bagnoletSecret, bagnoletId) = await Data.AddApiClientAsync(bagnolet, "Bagnolet intranet", ["register.read"]);
        await Data.AddApiClientAsync(marseille, "Marseille site", ["register.read"]);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var admin = App.CreateClient();
        await admin.SignInAsync("/marseille", "admin@marseille.fr");
        var page = await admin.GetPageAsync("/marseille/admin/api-clients");
        Assert.DoesNotContain(bagnoletClient, page.Body!.InnerHtml, StringComparison.Ordinal);
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='Rotate']")!;
        var token = form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='__RequestVerificationToken']")!.Value;
        foreach (var handler in new[] { "Rotate", "Revoke" })
        {
            var response = await admin.PostAsync($"/marseille/admin/api-clients?id={bagnoletId}&handler={handler}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            AssertStatus(HttpStatusCode.NotFound, response);
        }
        using var http = App.CreateClient();
        await TokenAsync(http, "/bagnolet", bagnoletClient, bagnoletSecret); // untouched
    }

    [Fact]
    public async Task A_token_revoked_at_the_revocation_endpoint_is_refused_at_once_and_introspection_says_so()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var (clientId, secret, _) = await Data.AddApiClientAsync(marseille, "Intranet", ["register.read"]);
        using var http = App.CreateClient();
        var token = await TokenAsync(http, "/marseille", clientId, secret);
        async Task<JsonElement> IntrospectAsync() => await (await http.PostAsync("/marseille/connect/introspect", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["client_id"] = clientId, ["client_secret"] = secret, ["token"] = token }))).Content.ReadFromJsonAsync<JsonElement>();

        var active = await IntrospectAsync();
        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.Equal(clientId, active.GetProperty("client_id").GetString());
        var revoked = await http.PostAsync("/marseille/connect/revoke", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["client_id"] = clientId, ["client_secret"] = secret, ["token"] = token }));
        AssertStatus(HttpStatusCode.OK, revoked);
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/agreements", token)));
        Assert.False((await IntrospectAsync()).GetProperty("active").GetBoolean());
    }

    private static IElement RowOf(IDocument page, string clientId) =>
        page.QuerySelector($"tr[data-client='{clientId}']") ?? throw new InvalidOperationException($"No row for {clientId}.");
}

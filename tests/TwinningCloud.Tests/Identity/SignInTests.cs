using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Identity;

public sealed partial class SignInTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Staff_sign_in_at_their_town_and_land_on_its_dashboard()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateStaffAsync(marseille, "agent@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();

        var response = await client.SignInAsync("/marseille", "agent@marseille.fr");

        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.Equal("/marseille/admin", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tc.tenant=", StringComparison.Ordinal));
        Assert.Contains("path=/marseille", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var dashboard = await client.GetPageAsync("/marseille/admin");
        Assert.Equal("Ville de Marseille — administration", dashboard.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_Marseille_cookie_gets_nothing_at_Bagnolet_whatever_the_address_mode()
    {
        var marseille = await Data.CreateTenantAsync("marseille", hosts: ["marseille.example.org"]);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", hosts: ["bagnolet.example.org"]);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        using var client = App.CreateClient();
        var signedIn = await client.SignInAsync("/marseille", "admin@marseille.fr");
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tc.tenant=", StringComparison.Ordinal)).Split(';')[0];
        using var bare = App.CreateClient();

        async Task<HttpResponseMessage> WithCookieAsync(string path, string? host = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            if (host is not null)
            {
                request.Headers.Host = host;
            }
            return await bare.SendAsync(request);
        }

        AssertStatus(HttpStatusCode.OK, await WithCookieAsync("/marseille/admin"));
        // Path mode: the browser would not even send it (its path is /marseille); sent anyway, it is worthless.
        var atBagnolet = await WithCookieAsync("/bagnolet/admin");
        AssertStatus(HttpStatusCode.Redirect, atBagnolet);
        Assert.StartsWith("/bagnolet/sign-in", atBagnolet.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        // Host mode: same cookie presented to Bagnolet's host name.
        AssertStatus(HttpStatusCode.Redirect, await WithCookieAsync("/admin", "bagnolet.example.org"));
        // And on the platform.
        AssertStatus(HttpStatusCode.Redirect, await WithCookieAsync("/platform/tenants"));
        _ = bagnolet;
    }

    [Fact]
    public async Task A_Marseille_token_gets_nothing_at_Bagnolet_or_on_the_platform()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateTenantAsync("bagnolet");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        using var client = App.CreateClient();

        var tokenResponse = await client.PostAsJsonAsync("/marseille/api/v1/auth/token", new { email = "admin@marseille.fr", password = TestUsers.StaffPassword });
        AssertStatus(HttpStatusCode.OK, tokenResponse);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        async Task<HttpResponseMessage> MeAsync(string side)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{side}/api/v1/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await client.SendAsync(request);
        }

        var me = await MeAsync("/marseille");
        AssertStatus(HttpStatusCode.OK, me);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("marseille", body.GetProperty("tenant").GetString());
        Assert.Equal([Roles.TenantAdmin], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var atBagnolet = await MeAsync("/bagnolet");
        AssertStatus(HttpStatusCode.Unauthorized, atBagnolet);
        Assert.Equal("application/problem+json", atBagnolet.Content.Headers.ContentType!.MediaType);
        AssertStatus(HttpStatusCode.Unauthorized, await MeAsync(""));
    }

    [Fact]
    public async Task Sign_in_answers_alike_for_an_unknown_address_a_wrong_password_and_a_stranger_to_the_town()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);

        async Task<(HttpStatusCode, string)> AttemptAsync(string email, string password)
        {
            using var client = App.CreateClient();
            var response = await client.SignInAsync("/marseille", email, password);
            var html = await ReadAsync(response);
            return (response.StatusCode, Normalize(html).Replace(email, "*", StringComparison.Ordinal));
        }

        var unknown = await AttemptAsync("nobody@marseille.fr", "Wrong-password-123");
        var wrongPassword = await AttemptAsync("admin@marseille.fr", "Wrong-password-123");
        var stranger = await AttemptAsync("admin@bagnolet.fr", TestUsers.StaffPassword);

        Assert.Equal(HttpStatusCode.OK, unknown.Item1);
        Assert.Equal(unknown, wrongPassword);
        Assert.Equal(unknown, stranger);
        Assert.Contains("incorrect", unknown.Item2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_and_the_right_password_then_fails_alike()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var agent = await Data.CreateStaffAsync(marseille, "agent@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            AssertStatus(HttpStatusCode.OK, await client.SignInAsync("/marseille", "agent@marseille.fr", "Wrong-password-123"));
        }
        var locked = await client.SignInAsync("/marseille", "agent@marseille.fr");

        AssertStatus(HttpStatusCode.OK, locked);
        Assert.Contains("incorrect", await ReadAsync(locked), StringComparison.Ordinal);
        Assert.NotNull((await Data.FindUserAsync("agent@marseille.fr"))!.LockoutEnd);
        var lockout = App.Logs.Entries.First(e => e.EventId.Id == 4003);
        Assert.Equal("marseille", lockout.State["Side"]);
        Assert.Equal(agent.Id, lockout.State["UserId"]);
    }

    [Fact]
    public async Task Security_events_name_the_town_and_the_person_and_never_the_password()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var agent = await Data.CreateStaffAsync(marseille, "agent@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();

        await client.SignInAsync("/marseille", "agent@marseille.fr", "Wrong-password-123");
        await client.SignInAsync("/marseille", "agent@marseille.fr");

        var failed = Assert.Single(App.Logs.Entries, e => e.EventId.Id == 4002);
        var succeeded = Assert.Single(App.Logs.Entries, e => e.EventId.Id == 4001);
        Assert.Equal(("marseille", agent.Id), ((string)failed.State["Side"]!, (Guid)failed.State["UserId"]!));
        Assert.Equal(("marseille", agent.Id), ((string)succeeded.State["Side"]!, (Guid)succeeded.State["UserId"]!));
        Assert.DoesNotContain(App.Logs.Entries, e => e.Message.Contains("Wrong-password-123", StringComparison.Ordinal)
            || e.Message.Contains(TestUsers.StaffPassword, StringComparison.Ordinal)
            || e.State.Values.Any(v => v?.ToString()?.Contains(TestUsers.StaffPassword, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task A_sign_in_post_without_its_antiforgery_token_is_refused()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "agent@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();

        var response = await client.PostAsync("/marseille/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "agent@marseille.fr", ["Password"] = TestUsers.StaffPassword,
        }));

        AssertStatus(HttpStatusCode.BadRequest, response);
        Assert.DoesNotContain(App.Logs.Entries, e => e.EventId.Id == 4001);
    }

    [Fact]
    public async Task The_operator_cannot_sign_in_at_a_town_and_town_staff_cannot_sign_in_on_the_platform()
    {
        await Data.EnsureOperatorAsync();
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        using var client = App.CreateClient();

        AssertStatus(HttpStatusCode.OK, await client.SignInAsync("/marseille", TestUsers.OperatorEmail, TestUsers.OperatorPassword));
        AssertStatus(HttpStatusCode.OK, await client.SignInAsync("", "admin@marseille.fr"));
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("", TestUsers.OperatorEmail, TestUsers.OperatorPassword));
    }

    /// <summary>The page without its per-response antiforgery token and nonce-like values.</summary>
    private static string Normalize(string html) => AntiforgeryValue().Replace(html, "value=\"*\"");

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryValue();
}

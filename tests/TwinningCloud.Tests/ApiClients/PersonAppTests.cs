using System.Net;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.ApiClients;
using TwinningCloud.Web.Platform.Identity;
using static TwinningCloud.Tests.ApiClients.AuthorizationCode;
using static TwinningCloud.Tests.ApiClients.ClientCredentials;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>
/// Applications acting for a person (authorization code + PKCE): a staff member consents on the town's consent page;
/// the token carries the person and never gives more than their role allows now; refresh tokens are single use and a
/// reused one revokes the whole family.
/// </summary>
public sealed class PersonAppTests(AppFixture app) : AppTest(app)
{
    private const string RedirectUri = "http://127.0.0.1:53682/callback";

    [Fact]
    public async Task Refresh_token_reuse_revokes_the_family()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements"]);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var (clientId, _, _) = await Data.AddPersonAppAsync(marseille, "Outil de l'intranet", ["register.read"], RedirectUri);
        var person = App.CreateClient();
        await person.SignInAsync("/marseille", "editor@marseille.fr");
        var (verifier, challenge) = Pkce();
        var back = await AnswerConsentAsync(person, AuthorizeUrl("/marseille", clientId, RedirectUri, "register.read offline_access", challenge));
        using var http = App.CreateClient();
        var (access1, refresh1) = await TokensAsync(await ExchangeCodeAsync(http, "/marseille", clientId, null, QueryValue(back, "code"), verifier, RedirectUri));
        Assert.NotEqual("", refresh1);
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/partner-cities", access1)));

        // Rotation: each refresh redeems the refresh token and returns a new one.
        var (access2, refresh2) = await TokensAsync(await RefreshAsync(http, "/marseille", clientId, null, refresh1));
        Assert.NotEqual(refresh1, refresh2);
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/partner-cities", access2)));

        // Reuse: the already-used refresh token is refused, and every token of its family is revoked with it.
        var reused = await RefreshAsync(http, "/marseille", clientId, null, refresh1);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(reused));
        Assert.Equal("invalid_grant", await ErrorOf(await RefreshAsync(http, "/marseille", clientId, null, refresh2)));
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/partner-cities", access2)));
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/partner-cities", access1)));

        // A new consent starts a new family, untouched by the old one's revocation.
        var (verifier2, challenge2) = Pkce();
        var again = await AnswerConsentAsync(person, AuthorizeUrl("/marseille", clientId, RedirectUri, "register.read offline_access", challenge2));
        var (access3, _) = await TokensAsync(await ExchangeCodeAsync(http, "/marseille", clientId, null, QueryValue(again, "code"), verifier2, RedirectUri));
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/partner-cities", access3)));
    }

    [Fact]
    public async Task A_person_token_is_limited_by_the_granted_scopes_and_by_the_persons_role_now_and_is_worthless_at_Bagnolet()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements"]);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", modules: ["agreements"]);
        var editor = await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var (clientId, secret, _) = await Data.AddPersonAppAsync(marseille, "Tableau de bord", ["register.read", "register.write"], RedirectUri, isPublic: false);
        var (bagnoletApp, _, _) = await Data.AddPersonAppAsync(bagnolet, "Bagnolet app", ["register.read"], RedirectUri);
        using var http = App.CreateClient();
        var (verifier, challenge) = Pkce();
        var authorize = AuthorizeUrl("/marseille", clientId, RedirectUri, "register.read offline_access", challenge, state: "s-42");

        // Not signed in: the town's sign-in page, then back here.
        var anonymous = await http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/marseille/sign-in?ReturnUrl=%2Fmarseille%2Fconnect%2Fauthorize", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);

        var person = App.CreateClient();
        await person.SignInAsync("/marseille", "editor@marseille.fr");
        // The consent page names the application and the scopes in plain words, in French and English.
        var page = await person.GetPageAsync(authorize + "&lang=en");
        Assert.Equal("Allow \"Tableau de bord\" to act for you?", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["register.read", "offline_access"], page.QuerySelectorAll("#consent-scopes li").Select(li => li.GetAttribute("data-scope")!).ToArray());
        Assert.Contains("Read the register", page.QuerySelector("#consent-scopes")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Autoriser « Tableau de bord » à agir en votre nom ?", (await person.GetPageAsync(authorize + "&lang=fr")).QuerySelector("h1")!.TextContent);

        // Denied: the application hears access_denied, with its state.
        var denied = await AnswerConsentAsync(person, authorize, "deny");
        Assert.StartsWith(RedirectUri, denied.ToString(), StringComparison.Ordinal);
        Assert.Equal("access_denied", QueryValue(denied, "error"));
        Assert.Equal("s-42", QueryValue(denied, "state"));

        // Allowed: a code for the redirect URI; without the PKCE verifier it is worth nothing.
        var back = await AnswerConsentAsync(person, authorize);
        Assert.Equal("s-42", QueryValue(back, "state"));
        var code = QueryValue(back, "code");
        Assert.Equal("invalid_grant", await ErrorOf(await ExchangeCodeAsync(http, "/marseille", clientId, secret, code, Pkce().Verifier, RedirectUri)));
        var back2 = await AnswerConsentAsync(person, authorize);
        var (access, refresh) = await TokensAsync(await ExchangeCodeAsync(http, "/marseille", clientId, secret, QueryValue(back2, "code"), verifier, RedirectUri));

        // The granted scope: reads; the app may write, but the person granted read only: 403.
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/partner-cities", access)));
        AssertStatus(HttpStatusCode.Forbidden, await http.SendAsync(Request(HttpMethod.Post, "/marseille/api/v1/partner-cities", access, new { name = "Gênes", countryCode = "IT" })));
        // Elsewhere: 401.
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/bagnolet/api/v1/partner-cities", access)));
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/api/v1/me", access)));
        // Another town's application cannot be authorized here.
        var foreign = await person.GetAsync(AuthorizeUrl("/marseille", bagnoletApp, RedirectUri, "register.read", Pkce().Challenge));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        // No PKCE: refused by the server before anything else (a 400 of its own, no consent page, no code).
        var noPkce = await person.GetAsync(AuthorizeUrl("/marseille", clientId, RedirectUri, "register.read", challenge: null));
        Assert.Equal(HttpStatusCode.BadRequest, noPkce.StatusCode);
        Assert.Null(noPkce.Headers.Location);

        // The person leaves the team: their token and its refresh stop at once.
        await Data.InTenantAsync(marseille, db => db.Set<TenantMembership>().Where(m => m.UserId == editor.Id).ExecuteDeleteAsync());
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/partner-cities", access)));
        Assert.Equal("invalid_grant", await ErrorOf(await RefreshAsync(http, "/marseille", clientId, secret, refresh)));

        var events = App.Logs.Entries.Where(e => e.Category == ApiClientEvents.Category).Select(e => e.EventId.Id).ToList();
        Assert.Contains(4036, events);
        Assert.Contains(4037, events);
    }
}

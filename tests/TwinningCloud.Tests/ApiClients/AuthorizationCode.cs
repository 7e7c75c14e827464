using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>The authorization-code grant with PKCE as an application acting for a person sends it.</summary>
public static class AuthorizationCode
{
    /// <summary>A PKCE verifier and its S256 challenge (RFC 7636).</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(string side, string clientId, string redirectUri, string scope, string? challenge, string state = "xyz") =>
        $"{side}/connect/authorize?response_type=code&client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}"
        + $"&scope={Uri.EscapeDataString(scope)}&state={state}"
        + (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method=S256");

    /// <summary>A signed-in person opens the consent page and answers; returns where the server sends the browser back.</summary>
    public static async Task<Uri> AnswerConsentAsync(HttpClient person, string authorizeUrl, string decision = "allow")
    {
        var answer = await person.SubmitFormAsync(authorizeUrl, new Dictionary<string, string?> { ["decision"] = decision }, "#consent-form");
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"consent answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        return answer.Headers.Location!;
    }

    public static string QueryValue(Uri uri, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var value) ? value.ToString() : "";

    public static Task<HttpResponseMessage> ExchangeCodeAsync(HttpClient http, string side, string clientId, string? secret, string code, string verifier, string redirectUri) =>
        PostAsync(http, side, clientId, secret, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = verifier, ["redirect_uri"] = redirectUri });

    public static Task<HttpResponseMessage> RefreshAsync(HttpClient http, string side, string clientId, string? secret, string refreshToken) =>
        PostAsync(http, side, clientId, secret, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    /// <summary>A successful token answer: its access token and refresh token (empty when none was returned).</summary>
    public static async Task<(string Access, string Refresh)> TokensAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("access_token").GetString()!, json.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString()! : "");
    }

    public static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("error", out var error) ? error.GetString()! : $"no error ({(int)response.StatusCode})";

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string side, string clientId, string? secret, Dictionary<string, string> fields)
    {
        fields["client_id"] = clientId;
        if (secret is not null)
        {
            fields["client_secret"] = secret;
        }
        return http.PostAsync($"{side}/connect/token", new FormUrlEncodedContent(fields));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

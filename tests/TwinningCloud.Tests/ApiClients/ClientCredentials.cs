using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>The client-credentials grant as an integration sends it (form post to the town's token endpoint).</summary>
public static class ClientCredentials
{
    public static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string side, string clientId, string secret, string? scope = null)
    {
        var fields = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            fields["scope"] = scope;
        }
        return http.PostAsync($"{side}/connect/token", new FormUrlEncodedContent(fields));
    }

    public static async Task<string> TokenAsync(HttpClient http, string side, string clientId, string secret, string? scope = null)
    {
        var response = await RequestTokenAsync(http, side, clientId, secret, scope);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token at {side}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, string token, object? json = null, string? host = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        return request;
    }
}

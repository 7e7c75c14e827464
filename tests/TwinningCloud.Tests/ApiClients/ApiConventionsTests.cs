using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinningCloud.Tests.Infrastructure;
using static TwinningCloud.Tests.ApiClients.ClientCredentials;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>What the API tells its clients: ETag / If-Match (412 when the item changed), Location on creation, and an OpenAPI document with the security schemes and each operation's scope.</summary>
public sealed class ApiConventionsTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task An_update_with_a_stale_If_Match_answers_412_and_a_current_one_goes_through()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var (clientId, secret, _) = await Data.AddApiClientAsync(marseille, "Site", ["register.read", "register.write"]);
        using var http = App.CreateClient();
        var token = await TokenAsync(http, "/marseille", clientId, secret);
        var created = await http.SendAsync(Request(HttpMethod.Post, "/marseille/api/v1/partner-cities", token, new { name = "Gênes", countryCode = "IT" }));
        AssertStatus(HttpStatusCode.Created, created);
        var location = created.Headers.Location!.ToString();

        var read = await http.SendAsync(Request(HttpMethod.Get, location, token));
        AssertStatus(HttpStatusCode.OK, read);
        var first = read.Headers.ETag!.Tag;

        using var update = Request(HttpMethod.Put, location, token, new { name = "Genova", countryCode = "IT" });
        update.Headers.IfMatch.ParseAdd(first);
        var updated = await http.SendAsync(update);
        AssertStatus(HttpStatusCode.OK, updated);
        var second = updated.Headers.ETag!.Tag;
        Assert.NotEqual(first, second);

        using var stale = Request(HttpMethod.Put, location, token, new { name = "Gênes", countryCode = "IT" });
        stale.Headers.IfMatch.ParseAdd(first);
        var refused = await http.SendAsync(stale);
        AssertStatus(HttpStatusCode.PreconditionFailed, refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Genova", await (await http.SendAsync(Request(HttpMethod.Get, location, token))).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var current = Request(HttpMethod.Put, location, token, new { name = "Gênes", countryCode = "IT" });
        current.Headers.IfMatch.ParseAdd(second);
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(current));
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_the_client_credentials_scheme_and_each_operations_scope()
    {
        using var http = App.CreateClient();
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var oauth = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        var flow = oauth.GetProperty("flows").GetProperty("clientCredentials");
        Assert.Equal("connect/token", flow.GetProperty("tokenUrl").GetString());
        Assert.Equal(["collectives.read", "memberships.read", "register.read", "register.write"], flow.GetProperty("scopes").EnumerateObject().Select(p => p.Name).Order());

        string[] ScopesOf(string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("security")
            .EnumerateArray().Where(r => r.TryGetProperty("oauth2", out _)).SelectMany(r => r.GetProperty("oauth2").EnumerateArray().Select(s => s.GetString()!)).ToArray();
        Assert.Equal(["register.write"], ScopesOf("/api/v1/partner-cities", "post"));
        Assert.Contains("scope `register.read`", document.GetProperty("paths").GetProperty("/api/v1/agreements").GetProperty("get").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(["memberships.read"], ScopesOf("/api/v1/network-memberships", "get"));
        Assert.True(document.GetProperty("paths").GetProperty("/api/v1/auth/token").GetProperty("post").GetProperty("deprecated").GetBoolean());
    }
}

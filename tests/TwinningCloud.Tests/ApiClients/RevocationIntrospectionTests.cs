using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.ApiClients;
using static TwinningCloud.Tests.ApiClients.ClientCredentials;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>Revocation and introspection at a town's address answer only the town's clients about the town's tokens.</summary>
public sealed class RevocationIntrospectionTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_Bagnolet_client_can_neither_introspect_nor_revoke_a_Marseille_token_anywhere_it_is_answered_as_an_unknown_token()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        var (marseilleId, marseilleSecret, _) = await Data.AddApiClientAsync(marseille, "Intranet", ["register.read"]);
        var (bagnoletId, bagnoletSecret, _) = await Data.AddApiClientAsync(bagnolet, "Site", ["register.read"]);
        using var http = App.CreateClient();
        var token = await TokenAsync(http, "/marseille", marseilleId, marseilleSecret);
        var bagnoletToken = await TokenAsync(http, "/bagnolet", bagnoletId, bagnoletSecret);

        async Task<bool> ActiveAsync(string side, string clientId, string secret, string introspected)
        {
            var response = await http.PostAsync($"{side}/connect/introspect", Form(clientId, secret, introspected));
            AssertStatus(HttpStatusCode.OK, response);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean();
        }

        // Bagnolet's client, at Marseille's address and at its own: "not active", as for an unknown token.
        Assert.False(await ActiveAsync("/marseille", bagnoletId, bagnoletSecret, token));
        Assert.False(await ActiveAsync("/bagnolet", bagnoletId, bagnoletSecret, token));
        // Nor can it use Marseille's endpoint for its own token.
        Assert.False(await ActiveAsync("/marseille", bagnoletId, bagnoletSecret, bagnoletToken));
        // Revocation: 200 as for an unknown token, and nothing is revoked.
        foreach (var side in new[] { "/marseille", "/bagnolet" })
        {
            var revoke = await http.PostAsync($"{side}/connect/revoke", Form(bagnoletId, bagnoletSecret, token));
            AssertStatus(HttpStatusCode.OK, revoke);
        }
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/marseille/api/v1/agreements", token)));
        Assert.True(await ActiveAsync("/marseille", marseilleId, marseilleSecret, token));
        Assert.True(await ActiveAsync("/bagnolet", bagnoletId, bagnoletSecret, bagnoletToken));

        // The refusal at Marseille's address is a security event naming the foreign client.
        Assert.Contains(App.Logs.Entries, e => e.Category == ApiClientEvents.Category && e.EventId.Id == 4035
            && e.Message.Contains(bagnoletId, StringComparison.Ordinal) && e.Message.Contains("client of another side", StringComparison.Ordinal));
    }

    private static FormUrlEncodedContent Form(string clientId, string secret, string token) =>
        new(new Dictionary<string, string> { ["client_id"] = clientId, ["client_secret"] = secret, ["token"] = token });
}

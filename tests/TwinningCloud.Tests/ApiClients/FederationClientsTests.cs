using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.ApiClients;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using static TwinningCloud.Tests.ApiClients.ClientCredentials;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>
/// API clients of a federation: registered by its admins, their token issued by the federation's own issuer for its
/// directory API, worthless at any town and at any other federation; rotation and revocation stop them at once.
/// </summary>
public sealed class FederationClientsTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_federation_client_reads_its_federations_directory_API_and_is_worthless_at_a_town_and_at_another_federation()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var afccre = await Data.CreateFederationAsync("afccre", "AFCCRE");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements, ModuleKeys.FederationDirectory]);
        await Data.AddFederationMemberAsync(cuf, marseille);
        await Data.AddFederationMemberAsync(afccre, marseille);
        var genes = await Data.AddCityAsync(marseille, "Gênes", "IT", null, null);
        await Data.AddAgreementAsync(marseille, "Serment Marseille–Gênes", AgreementKind.TwinningOath, [genes], signedOn: new DateOnly(1958, 6, 1));
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        await Data.CreateFederationStaffAsync(afccre, "admin@afccre.eu");
        var admin = App.CreateClient();
        await admin.SignInAsync("", "admin@cuf.org");

        // The federation's staff page leads its admin there; the admin registers the client and sees its secret once.
        Assert.NotNull((await admin.GetPageAsync("/federations/cuf")).QuerySelector("#main a[href='/federations/cuf/api-clients']"));
        var created = await admin.SubmitFormAsync("/federations/cuf/api-clients", new Dictionary<string, string?> { ["Name"] = "Système de la CUF" }, "#new-client-form");
        AssertStatus(HttpStatusCode.OK, created);
        var page = await Html.ParseAsync(created);
        var clientId = page.QuerySelector("#client-id")!.TextContent;
        var secret = page.QuerySelector("#client-secret")!.TextContent;
        Assert.DoesNotContain(secret, await admin.GetStringAsync("/federations/cuf/api-clients"), StringComparison.Ordinal);

        using var http = App.CreateClient();
        var token = await TokenAsync(http, "/federations/cuf", clientId, secret);
        var directory = await http.SendAsync(Request(HttpMethod.Get, "/api/v1/federations/cuf/directory", token));
        AssertStatus(HttpStatusCode.OK, directory);
        var json = await directory.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, json.GetProperty("total").GetInt32());
        Assert.Equal("Gênes", json.GetProperty("items")[0].GetProperty("partnerCity").GetString());

        // Worthless elsewhere: another federation's API, a town, the platform's API.
        foreach (var url in new[] { "/api/v1/federations/afccre/directory", "/marseille/api/v1/partner-cities", "/api/v1/me" })
        {
            AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, url, token)));
        }
        // Its secret gets no token at another federation nor at a town.
        Assert.False((await RequestTokenAsync(http, "/federations/afccre", clientId, secret)).IsSuccessStatusCode);
        Assert.False((await RequestTokenAsync(http, "/marseille", clientId, secret)).IsSuccessStatusCode);
        // Without a token the directory API is refused; a town client's token too.
        AssertStatus(HttpStatusCode.Unauthorized, await http.GetAsync("/api/v1/federations/cuf/directory"));
        var (townClient, townSecret, _) = await Data.AddApiClientAsync(marseille, "Intranet", ["register.read"]);
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/api/v1/federations/cuf/directory", await TokenAsync(http, "/marseille", townClient, townSecret))));

        // Another federation's admin neither sees it nor can rotate or revoke it.
        var other = App.CreateClient();
        await other.SignInAsync("", "admin@afccre.eu");
        var denied = await other.GetAsync("/federations/cuf/api-clients");
        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{(int)denied.StatusCode}");
        var otherPage = await other.GetPageAsync("/federations/afccre/api-clients");
        Assert.DoesNotContain(clientId, otherPage.Body!.InnerHtml, StringComparison.Ordinal);

        // Rotation and revocation stop it at once.
        var row = (await admin.GetPageAsync("/federations/cuf/api-clients")).QuerySelector($"tr[data-client='{clientId}']")!;
        Assert.NotNull(row);
        var rotated = await admin.SubmitFormAsync("/federations/cuf/api-clients", new Dictionary<string, string?>(), $"tr[data-client='{clientId}'] form[action*='Rotate']");
        AssertStatus(HttpStatusCode.OK, rotated);
        var newSecret = (await Html.ParseAsync(rotated)).QuerySelector("#client-secret")!.TextContent;
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/api/v1/federations/cuf/directory", token)));
        var fresh = await TokenAsync(http, "/federations/cuf", clientId, newSecret);
        AssertStatus(HttpStatusCode.OK, await http.SendAsync(Request(HttpMethod.Get, "/api/v1/federations/cuf/directory", fresh)));
        AssertStatus(HttpStatusCode.OK, await admin.SubmitFormAsync("/federations/cuf/api-clients", new Dictionary<string, string?>(), $"tr[data-client='{clientId}'] form[action*='Revoke']"));
        AssertStatus(HttpStatusCode.Unauthorized, await http.SendAsync(Request(HttpMethod.Get, "/api/v1/federations/cuf/directory", fresh)));
        Assert.False((await RequestTokenAsync(http, "/federations/cuf", clientId, newSecret)).IsSuccessStatusCode);
    }
}

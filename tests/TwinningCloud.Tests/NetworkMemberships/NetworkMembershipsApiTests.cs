using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.NetworkMemberships;

/// <summary>The JSON API of network memberships: CRUD with a bearer token, pagination, problem details, isolation.</summary>
public sealed class NetworkMembershipsApiTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Tenant, HttpClient Client)> MarseilleWithTokenAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: TestData.WithNetworks);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var client = App.CreateClient();
        var token = await client.PostAsJsonAsync("/marseille/api/v1/auth/token", new { email = "editor@marseille.fr", password = TestUsers.StaffPassword });
        AssertStatus(HttpStatusCode.OK, token);
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (marseille, client);
    }

    [Fact]
    public async Task Staff_create_read_update_and_delete_a_membership()
    {
        var (marseille, api) = await MarseilleWithTokenAsync();
        var ipgr = await Data.NetworkIdAsync("ipgr");

        var created = await api.PostAsJsonAsync("/marseille/api/v1/network-memberships", new
        {
            networkId = ipgr, role = "FoundingMember", sinceYear = 1997, annualFee = 800.5m, currency = "EUR",
            renewalOn = "2027-03-01", contactEmail = "dri@marseille.fr", workingGroups = "Patrimoine",
        });

        AssertStatus(HttpStatusCode.Created, created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/marseille/api/v1/network-memberships/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("IPGR", "FoundingMember", "2027-03-01"), (body.GetProperty("networkAcronym").GetString(), body.GetProperty("role").GetString(), body.GetProperty("renewalOn").GetString()));

        var read = await api.GetFromJsonAsync<JsonElement>($"/marseille/api/v1/network-memberships/{id}");
        Assert.Equal(800.5m, read.GetProperty("annualFee").GetDecimal());

        var updated = await api.PutAsJsonAsync($"/marseille/api/v1/network-memberships/{id}", new { networkId = ipgr, role = "Board", annualFee = 900m, currency = "eur" });
        AssertStatus(HttpStatusCode.OK, updated);
        var stored = await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().SingleAsync());
        Assert.Equal((MembershipRole.Board, 900m, "EUR", (DateOnly?)null), (stored.Role, stored.AnnualFee!.Value, stored.Currency, stored.RenewalOn));

        AssertStatus(HttpStatusCode.NoContent, await api.DeleteAsync($"/marseille/api/v1/network-memberships/{id}"));
        AssertStatus(HttpStatusCode.NotFound, await api.GetAsync($"/marseille/api/v1/network-memberships/{id}"));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().CountAsync()));
    }

    [Fact]
    public async Task Lists_are_paginated_with_the_page_size_capped_at_200()
    {
        var (marseille, api) = await MarseilleWithTokenAsync();
        foreach (var key in new[] { "aimf", "cuf", "amf" })
        {
            await Data.AddMembershipAsync(marseille, key);
        }

        var first = await api.GetFromJsonAsync<JsonElement>("/marseille/api/v1/network-memberships?page=1&pageSize=2");
        var second = await api.GetFromJsonAsync<JsonElement>("/marseille/api/v1/network-memberships?page=2&pageSize=2");
        var huge = await api.GetFromJsonAsync<JsonElement>("/marseille/api/v1/network-memberships?pageSize=5000");

        Assert.Equal((1, 2, 3), (first.GetProperty("page").GetInt32(), first.GetProperty("pageSize").GetInt32(), first.GetProperty("total").GetInt32()));
        Assert.Equal(["AIMF", "AMF"], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("networkAcronym").GetString()));
        Assert.Equal(["CUF"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("networkAcronym").GetString()));
        Assert.Equal(200, huge.GetProperty("pageSize").GetInt32());
        Assert.Equal(3, huge.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_invalid_membership_gets_a_validation_problem_and_nothing_is_saved()
    {
        var (marseille, api) = await MarseilleWithTokenAsync();

        var response = await api.PostAsJsonAsync("/marseille/api/v1/network-memberships", new
        {
            networkId = Guid.NewGuid(), role = "Treasurer", sinceYear = 3000, annualFee = -1m, currency = "EURO", contactEmail = "nobody",
        });

        AssertStatus(HttpStatusCode.BadRequest, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Equal(["annualFee", "contactEmail", "currency", "networkId", "role", "sinceYear"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("Ce réseau n'existe pas dans le catalogue.", errors.GetProperty("networkId")[0].GetString());
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().CountAsync()));
    }

    [Fact]
    public async Task A_duplicate_and_a_body_that_is_not_json_are_refused_with_problem_details()
    {
        var (marseille, api) = await MarseilleWithTokenAsync();
        var existing = await Data.AddMembershipAsync(marseille, "cuf");

        var duplicate = await api.PostAsJsonAsync("/marseille/api/v1/network-memberships", new { networkId = existing.NetworkId });
        var notJson = await api.PutAsync($"/marseille/api/v1/network-memberships/{existing.Id}", new StringContent("role=Board"));

        AssertStatus(HttpStatusCode.BadRequest, duplicate);
        Assert.True((await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("networkId", out _));
        AssertStatus(HttpStatusCode.BadRequest, notJson);
        Assert.Equal("application/problem+json", notJson.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, await Data.InTenantAsync(marseille, db => db.Set<NetworkMembership>().CountAsync()));
    }

    [Fact]
    public async Task Another_towns_membership_is_a_404_and_stays_untouched()
    {
        var (_, api) = await MarseilleWithTokenAsync();
        var bagnolet = await Data.CreateTenantAsync("bagnolet", modules: TestData.WithNetworks);
        var theirs = await Data.AddMembershipAsync(bagnolet, "cuf", notes: "bagnolet-secret");
        var url = $"/marseille/api/v1/network-memberships/{theirs.Id}";

        AssertStatus(HttpStatusCode.NotFound, await api.GetAsync(url));
        AssertStatus(HttpStatusCode.NotFound, await api.PutAsJsonAsync(url, new { networkId = theirs.NetworkId, notes = "changed" }));
        AssertStatus(HttpStatusCode.NotFound, await api.DeleteAsync(url));
        var list = await api.GetStringAsync("/marseille/api/v1/network-memberships");
        Assert.DoesNotContain("bagnolet-secret", list, StringComparison.Ordinal);
        var still = await Data.InTenantAsync(bagnolet, db => db.Set<NetworkMembership>().SingleAsync());
        Assert.Equal("bagnolet-secret", still.Notes);
    }

    [Fact]
    public async Task The_catalogue_is_public_and_memberships_need_a_staff_member()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: TestData.WithNetworks);
        await Data.AddMembershipAsync(marseille, "cuf");
        using var anonymous = App.CreateClient();

        var catalogue = await anonymous.GetFromJsonAsync<JsonElement>("/marseille/api/v1/networks?pageSize=200");
        var keys = catalogue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()).ToList();
        Assert.Contains("cglu-med", keys);
        Assert.Equal(keys.Count, catalogue.GetProperty("total").GetInt32());
        AssertStatus(HttpStatusCode.Unauthorized, await anonymous.GetAsync("/marseille/api/v1/network-memberships"));
        AssertStatus(HttpStatusCode.Unauthorized, await anonymous.PostAsJsonAsync("/marseille/api/v1/network-memberships", new { }));
    }
}

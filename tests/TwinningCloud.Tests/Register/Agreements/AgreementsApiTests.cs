using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Register.Agreements;

public sealed class AgreementsApiTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Tenant, HttpClient Api)> EditorTokenAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var client = App.CreateClient();
        var token = await client.PostAsJsonAsync("/marseille/api/v1/auth/token", new { email = "editor@marseille.fr", password = TestUsers.StaffPassword });
        AssertStatus(HttpStatusCode.OK, token);
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (marseille, client);
    }

    [Fact]
    public async Task An_editors_bearer_token_creates_reads_updates_and_deletes_cities_and_agreements()
    {
        var (marseille, api) = await EditorTokenAsync();

        var created = await api.PostAsJsonAsync("/marseille/api/v1/partner-cities", new { name = "Gênes", localName = "Genova", countryCode = "IT", latitude = 44.4056, longitude = 8.9463 });
        AssertStatus(HttpStatusCode.Created, created);
        var cityId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.EndsWith($"/marseille/api/v1/partner-cities/{cityId}", created.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var agreement = await api.PostAsJsonAsync("/marseille/api/v1/agreements", new
        {
            kind = "TwinningOath", title = "Serment de jumelage", partyIds = new[] { cityId }, signedOn = "1958-07-01", status = "Active",
            domainKeys = new[] { "culture", "sport" }, isPublic = true,
            events = new[] { new { kind = "Renewed", occurredOn = "1991-05-23", precision = "Day", notes = "réactualisé" } },
        });
        AssertStatus(HttpStatusCode.Created, agreement);
        var agreementId = (await agreement.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var read = await api.GetFromJsonAsync<JsonElement>($"/marseille/api/v1/agreements/{agreementId}");
        Assert.Equal("Gênes", read.GetProperty("parties")[0].GetProperty("name").GetString());
        Assert.Equal(["culture", "sport"], read.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("1991-05-23", read.GetProperty("history")[0].GetProperty("occurredOn").GetString());

        var updated = await api.PutAsJsonAsync($"/marseille/api/v1/agreements/{agreementId}", new
        {
            kind = "TwinningOath", title = "Serment de jumelage Marseille–Gênes", partyIds = new[] { cityId }, status = "Suspended", domainKeys = new[] { "water" },
        });
        AssertStatus(HttpStatusCode.OK, updated);
        var after = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Suspended", "water", 0), (after.GetProperty("status").GetString()!, after.GetProperty("domains")[0].GetString()!, after.GetProperty("history").GetArrayLength()));

        var cityInUse = await api.DeleteAsync($"/marseille/api/v1/partner-cities/{cityId}");
        AssertStatus(HttpStatusCode.Conflict, cityInUse);
        Assert.Equal("application/problem+json", cityInUse.Content.Headers.ContentType!.MediaType);
        AssertStatus(HttpStatusCode.NoContent, await api.DeleteAsync($"/marseille/api/v1/agreements/{agreementId}"));
        AssertStatus(HttpStatusCode.NoContent, await api.DeleteAsync($"/marseille/api/v1/partner-cities/{cityId}"));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));
        AssertStatus(HttpStatusCode.NotFound, await api.GetAsync($"/marseille/api/v1/agreements/{agreementId}"));
    }

    [Fact]
    public async Task Invalid_input_is_a_validation_problem_naming_each_field_and_saves_nothing()
    {
        var (marseille, api) = await EditorTokenAsync();

        var response = await api.PostAsJsonAsync("/marseille/api/v1/agreements", new
        {
            kind = "Treaty", title = "", partyIds = new[] { Guid.NewGuid() }, status = "Active", domainKeys = new[] { "astrology" },
            signedOn = "2010-01-01", nextReviewOn = "2000-01-01",
        });

        AssertStatus(HttpStatusCode.BadRequest, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["domainKeys", "kind", "nextReviewOn", "partyIds", "title"], errors.EnumerateObject().Select(p => p.Name).Order());
        var city = await api.PostAsJsonAsync("/marseille/api/v1/partner-cities", new { name = "X", countryCode = "ZZ", latitude = 100, longitude = 0, website = "javascript:alert(1)" });
        Assert.Equal(["countryCode", "latitude", "website"], (await city.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        var notJson = await api.PostAsync("/marseille/api/v1/partner-cities", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        AssertStatus(HttpStatusCode.BadRequest, notJson);
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<Agreement>().CountAsync()));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));
    }

    [Fact]
    public async Task Lists_are_paged_in_an_envelope_with_filters()
    {
        var (marseille, api) = await EditorTokenAsync();
        for (var i = 0; i < 7; i++)
        {
            await Data.AddPartnerCityAsync(marseille, $"Ville {i}", i % 2 == 0 ? "IT" : "DE");
        }

        var page = await api.GetFromJsonAsync<JsonElement>("/marseille/api/v1/partner-cities?page=2&pageSize=3");
        Assert.Equal((2, 3, 7), (page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32(), page.GetProperty("total").GetInt32()));
        Assert.Equal(["Ville 3", "Ville 4", "Ville 5"], page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var filtered = await api.GetFromJsonAsync<JsonElement>("/marseille/api/v1/partner-cities?country=DE&pageSize=1000");
        Assert.Equal((3, 200), (filtered.GetProperty("total").GetInt32(), filtered.GetProperty("pageSize").GetInt32()));
        var domains = await api.GetFromJsonAsync<JsonElement>("/marseille/api/v1/domains");
        Assert.Contains(domains.EnumerateArray(), d => d.GetProperty("key").GetString() == "water" && d.GetProperty("nameFr").GetString() == "Eau");
    }

    [Fact]
    public async Task Anonymous_callers_see_only_public_items_and_cannot_write()
    {
        var (marseille, staff) = await EditorTokenAsync();
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");
        var secret = await Data.AddPartnerCityAsync(marseille, "Ville secrète", isPublic: false);
        await Data.AddAgreementAsync(marseille, "Serment public", [genes.Id]);
        var internalAgreement = await Data.AddAgreementAsync(marseille, "Accord interne", [genes.Id], isPublic: false);
        using var anonymous = App.CreateClient();

        var cities = await anonymous.GetFromJsonAsync<JsonElement>("/marseille/api/v1/partner-cities");
        Assert.Equal(["Gênes"], cities.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var agreements = await anonymous.GetFromJsonAsync<JsonElement>("/marseille/api/v1/agreements");
        Assert.Equal(["Serment public"], agreements.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("title").GetString()));
        AssertStatus(HttpStatusCode.NotFound, await anonymous.GetAsync($"/marseille/api/v1/partner-cities/{secret.Id}"));
        AssertStatus(HttpStatusCode.NotFound, await anonymous.GetAsync($"/marseille/api/v1/agreements/{internalAgreement.Id}"));
        Assert.Equal(2, (await staff.GetFromJsonAsync<JsonElement>("/marseille/api/v1/agreements")).GetProperty("total").GetInt32());

        var write = await anonymous.PostAsJsonAsync("/marseille/api/v1/partner-cities", new { name = "Pirate", countryCode = "IT" });
        Assert.True(write.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"anonymous write answered {(int)write.StatusCode}");
        AssertStatus(HttpStatusCode.Unauthorized, await anonymous.DeleteAsync($"/marseille/api/v1/agreements/{internalAgreement.Id}"));
        Assert.Equal(2, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));
    }

    [Fact]
    public async Task Another_tenants_ids_are_404_even_for_staff_with_a_valid_body()
    {
        var (_, api) = await EditorTokenAsync();
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        var sesto = await Data.AddPartnerCityAsync(bagnolet, "Sesto Fiorentino");
        var oath = await Data.AddAgreementAsync(bagnolet, "Jumelage Sesto", [sesto.Id]);

        AssertStatus(HttpStatusCode.NotFound, await api.GetAsync($"/marseille/api/v1/partner-cities/{sesto.Id}"));
        AssertStatus(HttpStatusCode.NotFound, await api.PutAsJsonAsync($"/marseille/api/v1/partner-cities/{sesto.Id}", new { name = "Volée", countryCode = "IT" }));
        AssertStatus(HttpStatusCode.NotFound, await api.DeleteAsync($"/marseille/api/v1/agreements/{oath.Id}"));
        // Nor can an agreement of Marseille take Bagnolet's city as a party.
        var stolen = await api.PostAsJsonAsync("/marseille/api/v1/agreements", new { kind = "TwinningOath", title = "Vol", partyIds = new[] { sesto.Id }, status = "Active" });
        AssertStatus(HttpStatusCode.BadRequest, stolen);
        Assert.Equal("Sesto Fiorentino", await Data.InTenantAsync(bagnolet, db => db.Set<PartnerCity>().Select(c => c.Name).SingleAsync()));
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Register.Outputs;

/// <summary>
/// One path for writes: the same bad value, given to the staff form, to the JSON API and to the import, is refused by
/// each of them on the same field with the same message (the same text key), and nothing is stored; a good record is
/// accepted by all three. Partner cities, agreements and network memberships, against the real app and PostgreSQL.
/// </summary>
public sealed class OneWritePathTests(AppFixture app) : AppTest(app)
{
    /// <summary>How the API's JSON carries a value: a string, a number, or a list of one string.</summary>
    public enum Json
    {
        Text,
        Number,
        List,
    }

    /// <summary>One refusal: the kind of record, the field (the form's and the editor's name), its column in a file, the bad value, the text key expected.</summary>
    public sealed record Case(string Kind, string Field, string Column, string Value, Json As, string Key)
    {
        public override string ToString() => $"{Kind}.{Field} = {(Value.Length > 12 ? Value[..12] + "…" : Value)}";
    }

    private static readonly int ThisYear = DateTime.UtcNow.Year;

    private static string InYears(int years) => DateOnly.FromDateTime(DateTime.UtcNow).AddYears(years).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static TheoryData<Case> BadValues() =>
    [
        // Network memberships: the since-year, the fee, the renewal date, a text's length.
        new("membership", "SinceYear", "since_year", "1850", Json.Number, "networks.error.since-year"),
        new("membership", "SinceYear", "since_year", (ThisYear + 1).ToString(CultureInfo.InvariantCulture), Json.Number, "networks.error.since-year"),
        new("membership", "AnnualFee", "annual_fee", "-5", Json.Number, "networks.error.fee"),
        new("membership", "AnnualFee", "annual_fee", "10000000000", Json.Number, "networks.error.fee"),
        new("membership", "RenewalOn", "renewal_on", "1850-06-30", Json.Text, "networks.error.renewal"),
        new("membership", "RenewalOn", "renewal_on", InYears(60), Json.Text, "networks.error.renewal"),
        new("membership", "ContactName", "contact_name", new string('x', 201), Json.Text, "networks.error.length-200"),
        // Agreements: the signing date, the title (required, length), the cooperation domains.
        new("agreement", "SignedOn", "signed_on", "1850-01-01", Json.Text, "agreements.error.signed-on"),
        new("agreement", "SignedOn", "signed_on", InYears(2), Json.Text, "agreements.error.signed-on"),
        new("agreement", "Title", "title", "", Json.Text, "agreements.error.required"),
        new("agreement", "Title", "title", new string('t', 301), Json.Text, "agreements.error.too-long-300"),
        new("agreement", "DomainKeys", "domains", "astrology", Json.List, "agreements.error.domains-unknown"),
        // Partner cities: the name (required, length), the country, the population's year.
        new("city", "Name", "name", "", Json.Text, "agreements.error.required"),
        new("city", "Name", "name", new string('n', 201), Json.Text, "agreements.error.too-long-200"),
        new("city", "CountryCode", "country", "XX", Json.Text, "agreements.error.country-unknown"),
        new("city", "PopulationYear", "population_year", "999", Json.Number, "agreements.error.year"),
        new("city", "PopulationYear", "population_year", (ThisYear + 1).ToString(CultureInfo.InvariantCulture), Json.Number, "agreements.error.year"),
    ];

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_is_refused_alike_by_the_form_the_API_and_the_import(Case bad)
    {
        var town = await TownAsync();
        var expected = new Texts().Get(bad.Key, SupportedCultures.Culture("fr"));

        // (a) the staff form, posted as a browser posts it
        var form = await town.Form.SubmitFormAsync($"/marseille/admin/{Page(bad.Kind)}/new", FormValues(bad.Kind, town, (bad.Field, bad.Value)));
        AssertStatus(HttpStatusCode.UnprocessableEntity, form);
        var page = await Html.ParseAsync(form);
        Assert.Equal(expected, page.QuerySelector($"#{bad.Field}-error")?.TextContent.Trim());

        // (b) the JSON API: a validation problem naming the field
        var api = await town.Api.PostAsJsonAsync($"/marseille/api/v1/{Api(bad.Kind)}", ApiBody(bad.Kind, town, bad));
        AssertStatus(HttpStatusCode.BadRequest, api);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        var field = char.ToLowerInvariant(bad.Field[0]) + bad.Field[1..];
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error on {field}: {problem}");
        Assert.Equal(expected, messages[0].GetString());

        // (c) the import: the file refused with that line's error, nothing to apply
        var upload = await ImportPages.UploadAsync(town.Form, "file.csv", Csv(bad.Kind, (bad.Column, bad.Value)));
        AssertStatus(HttpStatusCode.UnprocessableEntity, upload);
        var preview = await Html.ParseAsync(upload);
        Assert.Equal([(2, bad.Column, expected)], ImportPages.BadLines(preview));
        Assert.Null(preview.QuerySelector("#apply-form"));

        // Nothing stored by any of the three.
        Assert.Equal((0, 1, 0), await CountsAsync(town.Tenant));
    }

    [Fact]
    public async Task A_good_record_of_each_kind_is_accepted_alike_by_the_form_the_API_and_the_import()
    {
        var town = await TownAsync();
        var networks = new[] { "afccre", "aimf", "cglu-med" };
        town = town with { NetworkId = await Data.NetworkIdAsync(networks[0]) };

        foreach (var kind in new[] { "city", "agreement", "membership" })
        {
            var form = await town.Form.SubmitFormAsync($"/marseille/admin/{Page(kind)}/new", FormValues(kind, town, ("", "")));
            AssertStatus(HttpStatusCode.Redirect, form);
        }
        town = town with { NetworkId = await Data.NetworkIdAsync(networks[1]) };
        foreach (var kind in new[] { "city", "agreement", "membership" })
        {
            AssertStatus(HttpStatusCode.Created, await town.Api.PostAsJsonAsync($"/marseille/api/v1/{Api(kind)}", ApiBody(kind, town, null, "API")));
        }
        foreach (var kind in new[] { "city", "agreement", "membership" })
        {
            var upload = await ImportPages.UploadAsync(town.Form, $"{kind}.csv", Csv(kind, ("", ""), networks[2], "import"));
            ImportPages.AssertOk(upload);
            var preview = await Html.ParseAsync(upload);
            Assert.Empty(ImportPages.BadLines(preview));
            ImportPages.AssertOk(await ImportPages.ApplyAsync(town.Form, preview));
        }

        // Each kind three times (Gênes of the set-up besides): once by each path.
        Assert.Equal((3, 4, 3), await CountsAsync(town.Tenant));
    }

    private sealed record Town(TenantInfo Tenant, HttpClient Form, HttpClient Api, Guid GenesId, Guid NetworkId);

    private async Task<Town> TownAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements", "network-memberships"]);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");
        var form = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await form.SignInAsync("/marseille", "editor@marseille.fr"));
        var api = App.CreateClient();
        var token = await api.PostAsJsonAsync("/marseille/api/v1/auth/token", new { email = "editor@marseille.fr", password = TestUsers.StaffPassword });
        AssertStatus(HttpStatusCode.OK, token);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return new Town(marseille, form, api, genes.Id, await Data.NetworkIdAsync("afccre"));
    }

    private Task<(int Agreements, int Cities, int Memberships)> CountsAsync(TenantInfo tenant) =>
        Data.InTenantAsync(tenant, async db => (await db.Set<Agreement>().CountAsync(), await db.Set<PartnerCity>().CountAsync(), await db.Set<NetworkMembership>().CountAsync()));

    private static string Page(string kind) => kind switch { "city" => "partner-cities", "agreement" => "agreements", _ => "networks" };

    private static string Api(string kind) => kind switch { "city" => "partner-cities", "agreement" => "agreements", _ => "network-memberships" };

    /// <summary>A good record of the kind as the form's fields, with one field replaced.</summary>
    private static Dictionary<string, string?> FormValues(string kind, Town town, (string Field, string Value) replaced)
    {
        var values = kind switch
        {
            "city" => new Dictionary<string, string?> { ["Name"] = "Dakar (form)", ["CountryCode"] = "SN" },
            "agreement" => new Dictionary<string, string?> { ["Kind"] = "TwinningOath", ["Title"] = "Serment (form)", ["PartyIds"] = town.GenesId.ToString(), ["Status"] = "Active", ["DomainKeys"] = "culture" },
            _ => new Dictionary<string, string?> { ["NetworkId"] = town.NetworkId.ToString(), ["Role"] = "Member", ["Currency"] = "EUR" },
        };
        if (replaced.Field.Length > 0)
        {
            values[replaced.Field] = replaced.Value;
        }
        return values.ToDictionary(v => "Form." + v.Key, v => v.Value);
    }

    /// <summary>A good record of the kind as the API's JSON body, with the case's field replaced.</summary>
    private static Dictionary<string, object?> ApiBody(string kind, Town town, Case? bad, string by = "API")
    {
        var body = kind switch
        {
            "city" => new Dictionary<string, object?> { ["name"] = $"Dakar ({by})", ["countryCode"] = "SN" },
            "agreement" => new Dictionary<string, object?> { ["kind"] = "TwinningOath", ["title"] = $"Serment ({by})", ["partyIds"] = new[] { town.GenesId }, ["status"] = "Active", ["domainKeys"] = new[] { "culture" } },
            _ => new Dictionary<string, object?> { ["networkId"] = town.NetworkId, ["role"] = "Member", ["currency"] = "EUR" },
        };
        if (bad is not null)
        {
            body[char.ToLowerInvariant(bad.Field[0]) + bad.Field[1..]] = bad.As switch
            {
                Json.Number => decimal.Parse(bad.Value, CultureInfo.InvariantCulture),
                Json.List => new[] { bad.Value },
                _ => bad.Value,
            };
        }
        return body;
    }

    /// <summary>A good record of the kind as an import file (header and one line), with one column replaced.</summary>
    private static string Csv(string kind, (string Column, string Value) replaced, string network = "afccre", string by = "import")
    {
        var columns = kind switch
        {
            "city" => new Dictionary<string, string> { ["name"] = $"Dakar ({by})", ["country"] = "SN" },
            "agreement" => new Dictionary<string, string> { ["title"] = $"Serment ({by})", ["kind"] = "twinning-oath", ["partners"] = "Gênes (IT)", ["status"] = "active", ["domains"] = "culture" },
            _ => new Dictionary<string, string> { ["network"] = network, ["role"] = "member", ["currency"] = "EUR" },
        };
        if (replaced.Column.Length > 0)
        {
            columns[replaced.Column] = replaced.Value;
        }
        return string.Join(',', columns.Keys) + "\n" + string.Join(',', columns.Values.Select(v => v.Contains(',', StringComparison.Ordinal) ? $"\"{v}\"" : v)) + "\n";
    }
}

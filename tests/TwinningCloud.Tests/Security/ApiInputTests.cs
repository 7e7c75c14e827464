using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Security;

/// <summary>
/// Issue 9, item 7: no API input answers 500. Every endpoint under <c>/api/v1</c> (found in the endpoint data
/// source, so a new one is covered without being listed) gets bad query strings and, if it takes a body, bad
/// bodies; each answer is a 400 problem details (or the 401/404 the endpoint owes anyway), never a 5xx.
/// </summary>
public sealed class ApiInputTests(AppFixture app) : AppTest(app)
{
    private static readonly (string Name, string Query)[] BadQueries =
    [
        ("page overflow", "page=2147483647"),
        ("page beyond the last allowed", "page=1000001"),
        ("page not a number", "page=abc"),
        ("page size not a number", "pageSize=abc"),
        ("page negative", "page=-5"),
        ("NUL in a search", "q=%00"),
        ("line break in a filter", "country=F%0D%0AR"),
    ];

    private static readonly (string Name, string Body)[] BadBodies =
    [
        ("malformed JSON", "{\"name\": "),
        ("an array", "[1, 2, 3]"),
        ("null", "null"),
        ("a string", "\"hello\""),
        ("a number where text goes", "{\"name\": 12, \"title\": 12, \"email\": 12}"),
        ("text where a number goes", "{\"population\": \"many\", \"sinceYear\": \"long ago\", \"annualFee\": \"much\"}"),
        ("lists given as null", "{\"title\": \"T\", \"partyIds\": null, \"domainKeys\": null, \"events\": null}"),
        ("lists holding null", "{\"title\": \"T\", \"partyIds\": [null], \"domainKeys\": [null], \"events\": [null]}"),
        ("a huge number", "{\"population\": 1e400, \"sinceYear\": 99999999999999999999}"),
        ("an unknown id type", "{\"networkId\": \"not-a-guid\", \"responsibleUserId\": 5}"),
        ("NUL characters", "{\"name\": \"A\\u0000B\", \"title\": \"A\\u0000B\", \"domainKeys\": [\"cul\\u0000ture\"], \"notes\": \"\\u0000\", \"contactName\": \"\\u0000\"}"),
        ("empty", ""),
    ];

    [Fact]
    public async Task Every_API_endpoint_answers_bad_queries_and_bodies_with_400_problem_details_never_500()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements", "network-memberships"]);
        var city = await Data.AddPartnerCityAsync(marseille, "Gênes");
        var agreement = await Data.AddAgreementAsync(marseille, "Serment", [city]);
        var membership = await Data.AddMembershipAsync(marseille, "ipgr");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();
        var token = await client.PostAsJsonAsync("/marseille/api/v1/auth/token", new { email = "editor@marseille.fr", password = TestUsers.StaffPassword });
        AssertStatus(HttpStatusCode.OK, token);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var ids = new Dictionary<string, string>
        {
            ["partner-cities"] = city.Id.ToString(), ["agreements"] = agreement.Id.ToString(), ["network-memberships"] = membership.Id.ToString(),
        };

        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .Distinct().OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal).ToList();
        Assert.True(endpoints.Count >= 10, $"only {endpoints.Count} API endpoints found");

        var failures = new List<string>();
        var tried = 0;
        foreach (var (method, route) in endpoints)
        {
            var path = "/marseille/" + route.TrimStart('/');
            foreach (var parameter in System.Text.RegularExpressions.Regex.Matches(route, @"\{(\w+)(:[^}]*)?\}").Select(m => m.Value))
            {
                var resource = ids.Keys.FirstOrDefault(k => route.Contains($"/{k}/", StringComparison.Ordinal)) ?? "partner-cities";
                path = path.Replace(parameter, ids[resource], StringComparison.Ordinal);
            }
            foreach (var (name, query) in BadQueries)
            {
                tried++;
                using var request = new HttpRequestMessage(new HttpMethod(method), $"{path}?{query}");
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }
                await CheckAsync(client, request, $"{method} {route} with {name}", failures, queryError: true);
            }
            if (method is not ("POST" or "PUT" or "PATCH"))
            {
                continue;
            }
            foreach (var (name, body) in BadBodies)
            {
                tried++;
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                await CheckAsync(client, request, $"{method} {route} with {name}", failures, queryError: false);
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} bad requests answered wrongly:\n" + string.Join("\n", failures));
    }

    private static async Task CheckAsync(HttpClient client, HttpRequestMessage request, string what, List<string> failures, bool queryError)
    {
        var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        if (status >= 500)
        {
            failures.Add($"{what}: {status}");
        }
        else if (queryError && status != 400)
        {
            failures.Add($"{what}: {status}, expected 400");
        }
        else if (status is 400 && type != "application/problem+json")
        {
            failures.Add($"{what}: 400 as {type ?? "no body"}, expected problem details");
        }
        else if (status is not (400 or 401 or 404 or 415 or 429))
        {
            failures.Add($"{what}: {status}, expected 400");
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_says_400_for_invalid_input_on_every_write_and_never_422()
    {
        await Data.CreateTenantAsync("marseille");
        using var client = App.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var writes = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put"))
            {
                if (path.Name.EndsWith("/auth/token", StringComparison.Ordinal))
                {
                    continue; // sign-in: wrong credentials are 401
                }
                writes++;
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("400", out _), $"{operation.Name} {path.Name} does not document 400");
                Assert.False(responses.TryGetProperty("422", out _), $"{operation.Name} {path.Name} documents 422");
            }
        }
        Assert.True(writes >= 4, $"only {writes} write operations found");
        Assert.Contains("answer **400**", document.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_past_the_end_of_a_staff_list_is_empty_not_an_error()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.AddPartnerCityAsync(marseille, "Gênes");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));

        AssertStatus(HttpStatusCode.OK, await client.GetAsync("/marseille/admin/partner-cities?page=2147483647"));
        AssertStatus(HttpStatusCode.OK, await client.GetAsync("/marseille/admin/agreements?page=2147483647&pageSize=2147483647"));
        AssertStatus(HttpStatusCode.BadRequest, await client.GetAsync("/marseille/admin/partner-cities?q=%00"));
    }
}

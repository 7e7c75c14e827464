using System.Net;
using System.Text.Json;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.NetworkMemberships;

/// <summary>The OpenAPI document of the whole API and its browsable UI.</summary>
public sealed class OpenApiTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task The_document_describes_every_module_api_the_tenant_prefix_and_the_bearer_scheme()
    {
        using var anonymous = App.CreateClient();

        var response = await anonymous.GetAsync("/openapi/v1.json");

        AssertStatus(HttpStatusCode.OK, response);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/network-memberships", paths);
        Assert.Contains("/api/v1/network-memberships/{id}", paths);
        Assert.Contains("/api/v1/auth/token", paths);
        Assert.Contains("/api/v1/networks", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/openapi", StringComparison.Ordinal) || p.StartsWith("/admin", StringComparison.Ordinal));
        Assert.Contains("/marseille/api/v1/", root.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("/{tenant}", root.GetProperty("servers")[0].GetProperty("url").GetString());

        var bearer = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
        var list = root.GetProperty("paths").GetProperty("/api/v1/network-memberships").GetProperty("get");
        Assert.True(list.GetProperty("security")[0].TryGetProperty("bearer", out _));
        var catalogue = root.GetProperty("paths").GetProperty("/api/v1/networks").GetProperty("get");
        Assert.False(catalogue.TryGetProperty("security", out _));
        var put = root.GetProperty("paths").GetProperty("/api/v1/network-memberships/{id}").GetProperty("put");
        Assert.True(put.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task The_browsable_ui_loads_without_inline_script_under_the_strict_policy()
    {
        using var anonymous = App.CreateClient();

        var response = await anonymous.GetAsync("/openapi");

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("script-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var page = await Html.ParseAsync(response);
        var scripts = page.QuerySelectorAll("script").ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.True(!string.IsNullOrEmpty(s.GetAttribute("src")) && string.IsNullOrWhiteSpace(s.TextContent), "inline script"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
        Assert.NotNull(page.QuerySelector("a[href='/openapi/v1.json']"));
        foreach (var src in scripts.Select(s => s.GetAttribute("src")!).Concat(page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!)))
        {
            var asset = await anonymous.GetAsync(src);
            AssertStatus(HttpStatusCode.OK, asset);
            Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 100, src);
        }
        AssertStatus(HttpStatusCode.NotFound, await anonymous.GetAsync("/openapi/ui/index.html"));
    }
}

using Microsoft.Playwright;
using TwinningCloud.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Browser;

/// <summary>Issue 9, item 10: the API documentation at /openapi renders in a browser and lists the endpoints.</summary>
[Trait("Category", TestCategories.Browser)]
public sealed class OpenApiBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task The_API_documentation_renders_and_lists_the_endpoints_without_script_errors()
    {
        await Data.CreateTenantAsync("marseille");
        var errors = new List<string>();
        Page.PageError += (_, error) => errors.Add(error);
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await Page.GotoAsync("/openapi");

        try
        {
            // Swagger UI's bundle is 1.4 MB of script: give a loaded machine time to run it.
            await Page.Locator(".swagger-ui .info .title").First.WaitForAsync(new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("Swagger UI did not render; script errors: " + string.Join(" / ", errors));
        }
        await Expect(Page.Locator(".swagger-ui .info .title").First).ToContainTextAsync("TwinningCloud API");
        foreach (var path in new[] { "/api/v1/partner-cities", "/api/v1/agreements", "/api/v1/network-memberships", "/api/v1/auth/token" })
        {
            // A deprecated operation (the password-for-token endpoint, ADR 0011) is drawn with its own class.
            await Expect(Page.Locator($".opblock-summary-path[data-path='{path}'], .opblock-summary-path__deprecated[data-path='{path}']").First).ToBeVisibleAsync();
        }
        Assert.True(await Page.Locator(".opblock").CountAsync() >= 10, "fewer than 10 operations listed");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Swagger_UIs_files_are_sent_with_their_encoding_or_unpacked()
    {
        using var gzip = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip }) { BaseAddress = App.BaseAddress };
        using var plain = App.CreateClient(); // asks for no encoding: gets the file as it is
        foreach (var file in new[] { "swagger-ui-bundle.js", "swagger-ui.css" })
        {
            var packed = await gzip.GetStringAsync($"/openapi/ui/{file}");
            var unpacked = await plain.GetStringAsync($"/openapi/ui/{file}");
            Assert.Equal(unpacked, packed);
            Assert.Contains(file.EndsWith(".js", StringComparison.Ordinal) ? "SwaggerUIBundle" : ".swagger-ui", unpacked, StringComparison.Ordinal);
        }
    }
}

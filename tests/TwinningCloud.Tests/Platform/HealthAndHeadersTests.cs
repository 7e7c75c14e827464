using System.Net;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Platform;

public sealed class HealthAndHeadersTests(AppFixture app) : AppTest(app)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync(path);

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal("Healthy", await ReadAsync(response));
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        await Data.CreateTenantAsync("marseille");
        using var client = App.CreateClient();

        var response = await client.GetAsync("/marseille/");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_have_no_inline_script_or_style_so_the_policy_holds()
    {
        await Data.CreateTenantAsync("marseille");
        using var client = App.CreateClient();

        foreach (var path in new[] { "/", "/marseille/", "/marseille/partner-cities", "/nowhere", "/sign-in", "/marseille/sign-in", "/account/forgot-password" })
        {
            var page = await Html.ParseAsync(await client.GetAsync(path));
            Assert.Empty(page.QuerySelectorAll("script:not([src])"));
            Assert.Empty(page.QuerySelectorAll("style, [style]"));
        }
    }
}

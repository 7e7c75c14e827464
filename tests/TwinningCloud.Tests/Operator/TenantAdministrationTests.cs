using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;
using TwinningCloud.Tests.Platform;

namespace TwinningCloud.Tests.Operator;

public sealed class TenantAdministrationTests(AppFixture app) : AppTest(app)
{
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private async Task<HttpClient> OperatorAsync(string language = "fr")
    {
        await Data.EnsureOperatorAsync();
        var client = App.CreateClient();
        await client.GetAsync($"/?lang={language}");
        await client.SignInAsOperatorAsync();
        return client;
    }

    [Fact]
    public async Task Platform_pages_send_visitors_to_the_operator_sign_in()
    {
        using var visitor = App.CreateClient();

        var response = await visitor.GetAsync("/platform/tenants");

        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.StartsWith("/sign-in?ReturnUrl=%2Fplatform%2Ftenants", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_does_not_sign_the_operator_in()
    {
        await Data.EnsureOperatorAsync();
        using var client = App.CreateClient();

        var response = await client.SubmitFormAsync("/sign-in", new Dictionary<string, string?>
        {
            ["Email"] = TestUsers.OperatorEmail, ["Password"] = "not-the-password",
        });

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Contains("incorrect", await ReadAsync(response), StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.Redirect, await client.GetAsync("/platform/tenants"));
    }

    [Fact]
    public async Task The_operator_creates_a_tenant_that_is_served_at_once()
    {
        using var client = await OperatorAsync();

        var response = await client.SubmitFormAsync("/platform/tenants/edit", new Dictionary<string, string?>
        {
            ["Form.DisplayName"] = "Ville de Bagnolet",
            ["Form.Slug"] = "bagnolet",
            ["Form.DefaultCulture"] = "en",
            ["Form.TimeZoneId"] = "Europe/Paris",
            ["Form.BrandColor"] = "#9b1b4a",
            ["Form.Modules"] = $"{ModuleKeys.Agreements}|{ModuleKeys.Collectives}",
        }, files: [("Logo", "logo.png", TinyPng, "image/png")]);

        AssertStatus(HttpStatusCode.Redirect, response);
        var list = await client.GetPageAsync("/platform/tenants");
        Assert.Contains("Ville de Bagnolet", list.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        var home = await App.CreateClient().GetAsync("/bagnolet/");
        AssertStatus(HttpStatusCode.OK, home);
        var page = await Html.ParseAsync(home);
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        var logo = await App.CreateClient().GetAsync(page.QuerySelector("img.brand-logo")!.GetAttribute("src"));
        AssertStatus(HttpStatusCode.OK, logo);
        Assert.Equal("image/png", logo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TinyPng, await logo.Content.ReadAsByteArrayAsync());
        var theme = await App.CreateClient().GetStringAsync("/bagnolet/theme.css");
        Assert.Contains("--brand:#9b1b4a", theme, StringComparison.Ordinal);
        var stored = await Data.LoadTenantAsync("bagnolet");
        Assert.Equal(["agreements", "collectives"], stored.Modules.Select(m => m.ModuleKey).Order());
    }

    [Fact]
    public async Task Bad_tenant_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        await Data.CreateTenantAsync("marseille");
        using var client = await OperatorAsync("en");

        var response = await client.SubmitFormAsync("/platform/tenants/edit", new Dictionary<string, string?>
        {
            ["Form.DisplayName"] = "  ",
            ["Form.Slug"] = "marseille",
            ["Form.TimeZoneId"] = "Mars/Olympus_Mons",
            ["Form.BrandColor"] = "#ffff00",
            ["Form.HostNames"] = "not a host!",
        }, files: [("Logo", "logo.png", "<svg onload=alert(1)>"u8.ToArray(), "image/png")]);

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        string ErrorOf(string field) => page.QuerySelector($"#{field}-error")?.TextContent ?? $"(no error shown for {field})";
        Assert.Contains("already uses", ErrorOf("Slug"), StringComparison.Ordinal);
        Assert.Contains("Enter the town's name", ErrorOf("DisplayName"), StringComparison.Ordinal);
        Assert.Contains("time zone", ErrorOf("TimeZoneId"), StringComparison.Ordinal);
        Assert.Contains("4.5:1", ErrorOf("BrandColor"), StringComparison.Ordinal);
        Assert.Contains("valid domain name", ErrorOf("HostNames"), StringComparison.Ordinal);
        Assert.Contains("PNG, JPEG or WebP", ErrorOf("Logo"), StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#Slug")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector("[role=alert] a[href='#Slug']"));
        var list = await client.GetPageAsync("/platform/tenants");
        Assert.Single(list.QuerySelectorAll("tbody tr"));
    }

    [Theory]
    [InlineData("platform")]
    [InlineData("Marseille")]
    [InlineData("saint denis")]
    public async Task Slugs_that_would_break_addresses_are_refused(string slug)
    {
        using var client = await OperatorAsync();

        var response = await client.SubmitFormAsync("/platform/tenants/edit", new Dictionary<string, string?>
        {
            ["Form.DisplayName"] = "Ville", ["Form.Slug"] = slug,
        });

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        Assert.NotNull((await Html.ParseAsync(response)).QuerySelector("#Slug-error"));
    }

    [Fact]
    public async Task A_logo_over_512_KB_is_refused()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        using var client = await OperatorAsync();
        var big = new byte[600 * 1024];
        TinyPng.CopyTo(big, 0);

        var response = await client.SubmitFormAsync($"/platform/tenants/edit/{marseille.Id}", new Dictionary<string, string?>(),
            files: [("Logo", "big.png", big, "image/png")]);

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        Assert.Contains("512 Ko", (await Html.ParseAsync(response)).QuerySelector("#Logo-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await Data.LoadTenantAsync("marseille")).LogoContent);
    }

    [Fact]
    public async Task Suspending_and_renaming_a_tenant_shows_on_its_site_at_once()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        using var visitor = App.CreateClient();
        Assert.Contains("Ville de Marseille", await visitor.GetStringAsync("/marseille/"), StringComparison.Ordinal); // now cached
        using var client = await OperatorAsync();

        AssertStatus(HttpStatusCode.Redirect, await client.SubmitFormAsync($"/platform/tenants/edit/{marseille.Id}",
            new Dictionary<string, string?> { ["Form.DisplayName"] = "Marseille, cité phocéenne" }));
        Assert.Contains("Marseille, cité phocéenne", await visitor.GetStringAsync("/marseille/"), StringComparison.Ordinal);

        AssertStatus(HttpStatusCode.Redirect, await client.SubmitFormAsync($"/platform/tenants/edit/{marseille.Id}",
            new Dictionary<string, string?> { ["Form.Status"] = nameof(TenantStatus.Suspended) }));
        AssertStatus(HttpStatusCode.Forbidden, await visitor.GetAsync("/marseille/"));

        AssertStatus(HttpStatusCode.Redirect, await client.SubmitFormAsync($"/platform/tenants/edit/{marseille.Id}",
            new Dictionary<string, string?> { ["Form.Status"] = nameof(TenantStatus.Active) }));
        AssertStatus(HttpStatusCode.OK, await visitor.GetAsync("/marseille/"));
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        using var client = await OperatorAsync();

        var response = await client.PostAsync($"/platform/tenants/edit/{marseille.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Piratée", ["Form.Slug"] = "marseille",
        }));

        AssertStatus(HttpStatusCode.BadRequest, response);
        Assert.Equal("Ville de Marseille", (await Data.LoadTenantAsync("marseille")).DisplayName);
    }
}

using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Identity;

/// <summary>An app of its own with the production-like limit turned down to 3 posts a minute.</summary>
public sealed class RateLimitedApp : AppFixture
{
    public RateLimitedApp() => Settings = new Dictionary<string, string>
    {
        ["Security:AccountRateLimit:PermitLimit"] = "3",
        ["Security:AccountRateLimit:WindowSeconds"] = "60",
    };
}

public sealed class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sign_in_reset_and_invitation_posts_are_limited_per_client_and_town()
    {
        var data = new TestData(app.Services);
        var marseille = await data.CreateTenantAsync("marseille");
        await data.CreateTenantAsync("bagnolet");
        await data.CreateStaffAsync(marseille, "agent@marseille.fr", Roles.Editor);
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.SignInAsync("/marseille", "agent@marseille.fr", "Wrong-password-123")).StatusCode);
        }
        var limited = await client.SubmitFormAsync("/marseille/account/forgot-password", new Dictionary<string, string?> { ["Email"] = "agent@marseille.fr" });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SignInAsync("/marseille", "agent@marseille.fr")).StatusCode);
        // Reading the page is not limited, and another town has its own budget.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/marseille/sign-in")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync("/bagnolet", "agent@marseille.fr")).StatusCode);
    }
}

/// <summary>An app of its own with the embedded default's mail delivery: kept in the outbox.</summary>
public sealed class OutboxApp : AppFixture
{
    public OutboxApp() => Settings = new Dictionary<string, string> { ["Email:Delivery"] = "Outbox" };
}

public sealed class OutboxTests(OutboxApp app) : IClassFixture<OutboxApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Without_a_mail_server_the_operator_reads_the_invitation_in_the_outbox_and_its_link_works()
    {
        var data = new TestData(app.Services);
        await data.EnsureOperatorAsync();
        var marseille = await data.CreateTenantAsync("marseille", "Ville de Marseille");
        using var operatorClient = app.CreateClient();
        await operatorClient.SignInAsOperatorAsync();

        await operatorClient.SubmitFormAsync($"/platform/tenants/{marseille.Id}/invite", new Dictionary<string, string?> { ["Name"] = "Premier Admin", ["Email"] = "premier.admin@marseille.fr" });

        // The mail is sent by a job: it reaches the outbox within moments.
        AngleSharp.Dom.IElement? row = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(15); row is null && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var outbox = await operatorClient.GetPageAsync("/platform/outbox");
            row = outbox.QuerySelectorAll("tbody tr").SingleOrDefault(r => r.TextContent.Contains("premier.admin@marseille.fr", StringComparison.Ordinal));
        }
        Assert.NotNull(row);
        var mail = await operatorClient.GetPageAsync(row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal("Ville de Marseille : vous êtes invité·e sur TwinningCloud", mail.QuerySelector("h1")!.TextContent);
        var link = mail.QuerySelector(".mail-body a")!.GetAttribute("href")!;
        using var newcomer = app.CreateClient();
        var landed = await newcomer.SubmitFormAsync(link, new Dictionary<string, string?> { ["Password"] = "Premier-admin-password", ["Confirm"] = "Premier-admin-password" });
        Assert.Equal("/marseille/admin", landed.Headers.Location!.OriginalString);
        // Town staff have no outbox.
        Assert.Equal(HttpStatusCode.NotFound, (await newcomer.GetAsync("/marseille/platform/outbox")).StatusCode);
    }
}

using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;

namespace TwinningCloud.Tests.Collectives;

/// <summary>An app of its own with the sign-up limit turned down to 3 posts a minute (the shared test app lifts it).</summary>
public sealed class SignUpRateLimitedApp : AppFixture
{
    public SignUpRateLimitedApp() => Settings = new Dictionary<string, string>
    {
        ["Collectives:SignUpRateLimit:PermitLimit"] = "3",
        ["Collectives:SignUpRateLimit:WindowSeconds"] = "60",
    };
}

public sealed class SignUpRateLimitTests(SignUpRateLimitedApp app) : IClassFixture<SignUpRateLimitedApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sign_up_and_sign_in_link_posts_are_limited_per_client_and_town()
    {
        var data = new TestData(app.Services);
        var bagnolet = await data.CreateCollectivesTownAsync();
        await data.CreateCollectivesTownAsync("montreuil");
        var collective = await data.AddCollectiveAsync(bagnolet, "Collectif Le Robert");
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.SubmitFormAsync($"/bagnolet/collectives/{collective.Id}", new Dictionary<string, string?>
            {
                ["Form.Kind"] = "person", ["Form.Name"] = "Robot " + i, ["Form.Email"] = $"robot{i}@example.org", ["Form.Consent"] = "true",
            }, "#signup-form")).StatusCode);
        }
        var limited = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?> { ["email"] = "robot@example.org" });
        var otherTown = await client.SubmitFormAsync("/montreuil/collectives/mine", new Dictionary<string, string?> { ["email"] = "robot@example.org" });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Redirect, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, otherTown.StatusCode);
        Assert.Equal(3, (await data.CollectiveMembersAsync(bagnolet, collective.Id)).Count);
    }
}

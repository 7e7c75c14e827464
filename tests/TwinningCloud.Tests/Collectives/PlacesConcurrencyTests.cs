using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;

namespace TwinningCloud.Tests.Collectives;

/// <summary>Places are handed out one at a time (the collective row's lock), proven against PostgreSQL through the real pages.</summary>
public sealed class PlacesConcurrencyTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Two_hundred_confirmations_at_once_to_fifty_places_make_exactly_fifty_members_and_one_hundred_fifty_waiting()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Massala", capacity: 50);
        var links = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, $"person{i}@bagnolet.test", $"Person {i}", MemberStatus.Unconfirmed);
            links.Add(await Data.IssueConfirmLinkAsync(bagnolet, member.Id, member.Email));
        }
        using var client = App.CreateClient();
        var page = await client.GetPageAsync($"/bagnolet/collectives/confirm?t={links[0]}");
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var start = new SemaphoreSlim(0);
        var posts = links.Select(async secret =>
        {
            await start.WaitAsync();
            return await client.PostAsync("/bagnolet/collectives/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = antiforgery, ["t"] = secret,
            }));
        }).ToList();
        start.Release(links.Count);
        var responses = await Task.WhenAll(posts);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var rows = await Data.CollectiveMembersAsync(bagnolet, collective.Id);
        Assert.Equal(200, rows.Count);
        Assert.Equal(200, rows.Select(r => r.Email).Distinct().Count());
        Assert.Equal(50, rows.Count(r => r.Status == MemberStatus.Member));
        Assert.Equal(150, rows.Count(r => r.Status == MemberStatus.Waiting));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Equal(50, bodies.Count(b => b.Contains("vous êtes membre du collectif", StringComparison.Ordinal)));
        Assert.Equal(150, bodies.Count(b => b.Contains("vous êtes sur la liste", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_same_link_posted_twice_at_once_confirms_once()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou", capacity: 5);
        var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, "twice@bagnolet.test", "Twice", MemberStatus.Unconfirmed);
        var secret = await Data.IssueConfirmLinkAsync(bagnolet, member.Id, member.Email);
        using var client = App.CreateClient();
        var page = await client.GetPageAsync($"/bagnolet/collectives/confirm?t={secret}");
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostAsync("/bagnolet/collectives/confirm",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery, ["t"] = secret }))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(MemberStatus.Member, Assert.Single(await Data.CollectiveMembersAsync(bagnolet, collective.Id)).Status);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Collectives;

/// <summary>The public sign-up: double opt-in by the real mail (MailDev), same answer whatever the address, honeypot, rate limit.</summary>
public sealed class SignUpTests(AppFixture app) : AppTest(app)
{
    private static Dictionary<string, string?> Form(string email, string name = "Camille Martin", string kind = "person", string? association = null) => new()
    {
        ["Form.Kind"] = kind, ["Form.Name"] = name, ["Form.Email"] = email, ["Form.AssociationName"] = association,
        ["Form.Neighbourhood"] = "La Noue", ["Form.Consent"] = "true",
    };

    /// <summary>Follows a confirmation link as a person would: the page, then its button.</summary>
    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string link)
    {
        var path = new Uri(link).PathAndQuery;
        return await client.SubmitFormAsync(path, new Dictionary<string, string?>());
    }

    [Fact]
    public async Task A_sign_up_is_a_member_only_after_the_mailed_link_is_followed_and_the_link_works_once()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Sesto Fiorentino");
        var email = MailDev.NewAddress("citizen", "bagnolet.fr");
        using var client = App.CreateClient();

        var posted = await client.SubmitFormAsync($"/bagnolet/collectives/{collective.Id}", Form(email), "#signup-form");
        AssertStatus(HttpStatusCode.Redirect, posted);
        var member = Assert.Single(await Data.CollectiveMembersAsync(bagnolet, collective.Id));
        Assert.Equal(MemberStatus.Unconfirmed, member.Status);
        Assert.Equal("La Noue", member.Neighbourhood);
        Assert.Contains("J'accepte que la mairie conserve", member.ConsentText, StringComparison.Ordinal);
        Assert.Equal(CollectiveDetailsModel.ConsentVersion, member.ConsentVersion);

        var mail = await MailDev.WaitForAsync(email);
        Assert.Contains("Collectif Sesto Fiorentino", mail.Subject, StringComparison.Ordinal);
        var link = MailDev.LinkIn(mail);
        Assert.StartsWith(App.BaseAddress.ToString().TrimEnd('/') + "/bagnolet/collectives/confirm?t=", link, StringComparison.Ordinal);
        // Only the hash of the link's secret is stored.
        var secret = link[(link.IndexOf("t=", StringComparison.Ordinal) + 2)..];
        Assert.Empty(await TestData.CellsContainingAsync(App.ConnectionString, secret));

        var confirmed = await ConfirmAsync(client, link);
        AssertStatus(HttpStatusCode.OK, confirmed);
        Assert.Contains("vous êtes membre du collectif", (await Html.ParseAsync(confirmed)).QuerySelector("#confirm-outcome")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(MemberStatus.Member, Assert.Single(await Data.CollectiveMembersAsync(bagnolet, collective.Id)).Status);

        var again = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task Signing_up_twice_answers_the_same_keeps_one_row_and_never_says_the_address_is_known()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        var known = MailDev.NewAddress("known", "bagnolet.fr");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, known, "Known Person");
        var unknown = MailDev.NewAddress("unknown", "bagnolet.fr");
        using var client = App.CreateClient();

        var first = await client.SubmitFormAsync($"/bagnolet/collectives/{collective.Id}", Form(unknown), "#signup-form");
        var second = await client.SubmitFormAsync($"/bagnolet/collectives/{collective.Id}", Form(unknown), "#signup-form");
        var knownAnswer = await client.SubmitFormAsync($"/bagnolet/collectives/{collective.Id}", Form(known), "#signup-form");

        foreach (var answer in new[] { first, second, knownAnswer })
        {
            AssertStatus(HttpStatusCode.Redirect, answer);
            Assert.Equal(first.Headers.Location, answer.Headers.Location);
        }
        var page = await client.GetPageAsync(first.Headers.Location!.OriginalString);
        Assert.Contains("Si l'adresse est valable", page.QuerySelector("#signup-sent")!.TextContent, StringComparison.Ordinal);
        var rows = await Data.CollectiveMembersAsync(bagnolet, collective.Id);
        Assert.Equal(2, rows.Count);
        Assert.Equal(MemberStatus.Member, rows.Single(r => r.Email == known).Status);
        // The known member is told by mail (not on the page) that nothing changed.
        var notice = await MailDev.WaitForAsync(known);
        Assert.Contains("déjà inscrit", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filled_honeypot_gets_the_usual_answer_and_nothing_is_kept_or_sent()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Oranienburg");
        using var client = App.CreateClient();
        var form = Form(MailDev.NewAddress("robot", "bagnolet.fr"));
        form["Form.Website"] = "http://spam.example";

        var posted = await client.SubmitFormAsync($"/bagnolet/collectives/{collective.Id}", form, "#signup-form");

        AssertStatus(HttpStatusCode.Redirect, posted);
        Assert.Empty(await Data.CollectiveMembersAsync(bagnolet, collective.Id));
    }

    [Fact]
    public async Task A_form_without_consent_or_with_a_bad_address_shows_the_errors_next_to_the_fields_and_keeps_what_was_typed()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Massala");
        using var client = App.CreateClient();
        var form = Form("not-an-address", kind: "association");
        form["Form.Consent"] = null;

        var posted = await client.SubmitFormAsync($"/bagnolet/collectives/{collective.Id}", form, "#signup-form");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        var page = await Html.ParseAsync(posted);
        Assert.NotNull(page.QuerySelector("#Email-error"));
        Assert.NotNull(page.QuerySelector("#Consent-error"));
        Assert.NotNull(page.QuerySelector("#AssociationName-error"));
        Assert.Equal("Camille Martin", page.QuerySelector("#Name")!.GetAttribute("value"));
        Assert.Empty(await Data.CollectiveMembersAsync(bagnolet, collective.Id));
    }

    [Fact]
    public async Task When_a_member_leaves_the_first_on_the_waiting_list_moves_up_and_is_told_by_mail()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Chatila", capacity: 1);
        var holder = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("holder", "bagnolet.fr"), "Holder");
        var firstWaiting = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("first", "bagnolet.fr"), "First", MemberStatus.Waiting, "en", DateTimeOffset.UtcNow.AddHours(-2));
        var secondWaiting = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("second", "bagnolet.fr"), "Second", MemberStatus.Waiting, "fr", DateTimeOffset.UtcNow.AddHours(-1));

        await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(bagnolet, sp =>
            sp.GetRequiredService<CollectiveMemberships>().LeaveAsync(holder.Id, MemberStatus.Left, CancellationToken.None));

        var rows = await Data.CollectiveMembersAsync(bagnolet, collective.Id);
        Assert.Equal(MemberStatus.Left, rows.Single(r => r.Id == holder.Id).Status);
        Assert.Equal(MemberStatus.Member, rows.Single(r => r.Id == firstWaiting.Id).Status);
        Assert.Equal(MemberStatus.Waiting, rows.Single(r => r.Id == secondWaiting.Id).Status);
        var mail = await MailDev.WaitForAsync(firstWaiting.Email);
        Assert.Contains("A place is free", mail.Subject, StringComparison.Ordinal); // in the member's language
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Email;

namespace TwinningCloud.Tests.Collectives;

/// <summary>"My collectives" by magic link: bound to the town, used once; leave, change, download, erase (gone from every table).</summary>
public sealed class SelfServiceTests(AppFixture app) : AppTest(app)
{
    /// <summary>Asks for a sign-in link, takes it from the real mail and follows it: the client then holds the session cookie.</summary>
    private static async Task<string> SignInAsync(HttpClient client, string town, string email)
    {
        var asked = await client.SubmitFormAsync($"/{town}/collectives/mine", new Dictionary<string, string?> { ["email"] = email });
        AssertStatus(HttpStatusCode.Redirect, asked);
        var mail = await MailDev.WaitForAsync(email, m => m.Subject.Contains("connexion", StringComparison.Ordinal) || m.Subject.Contains("sign-in", StringComparison.Ordinal));
        var link = MailDev.LinkIn(mail);
        var signedIn = await client.SubmitFormAsync(new Uri(link).PathAndQuery, new Dictionary<string, string?>());
        AssertStatus(HttpStatusCode.Redirect, signedIn);
        return link;
    }

    [Fact]
    public async Task A_sign_in_link_opens_my_collectives_once_and_is_worth_nothing_in_another_town()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        await Data.CreateCollectivesTownAsync("montreuil");
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        var email = MailDev.NewAddress("citizen", "bagnolet.fr");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, email, "Nadia Benali");
        using var client = App.CreateClient();

        var link = await SignInAsync(client, "bagnolet", email);
        var mine = await client.GetStringAsync("/bagnolet/collectives/mine");
        Assert.Contains("Collectif Akbou", mine, StringComparison.Ordinal);
        Assert.Contains(email, mine, StringComparison.Ordinal);

        using var other = App.CreateClient();
        var reused = await other.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var elsewhere = await other.GetAsync(new Uri(link).PathAndQuery.Replace("/bagnolet/", "/montreuil/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, elsewhere.StatusCode);
        // The session cookie is the town's: Montreuil's page does not know the person.
        var montreuil = await client.GetStringAsync("/montreuil/collectives/mine");
        Assert.DoesNotContain(email, montreuil, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_for_a_link_answers_the_same_for_an_unknown_address_and_mails_nothing()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var known = MailDev.NewAddress("known", "bagnolet.fr");
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, known, "Known");
        using var client = App.CreateClient();
        var unknown = MailDev.NewAddress("unknown", "bagnolet.fr");

        var a = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?> { ["email"] = unknown });
        var b = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?> { ["email"] = known });

        AssertStatus(HttpStatusCode.Redirect, a);
        Assert.Equal(a.Headers.Location, b.Headers.Location);
        await MailDev.WaitForAsync(known);
        Assert.DoesNotContain(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == unknown));
    }

    [Fact]
    public async Task A_citizen_changes_fields_and_address_then_downloads_the_data_with_the_consent_text()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Le Robert");
        var email = MailDev.NewAddress("mover", "bagnolet.fr");
        var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, email, "Jules Mover");
        using var client = App.CreateClient();
        await SignInAsync(client, "bagnolet", email);

        var saved = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?> { ["memberId"] = member.Id.ToString(), ["neighbourhood"] = "Les Malassis" }, "form[action*='handler=Fields']");
        AssertStatus(HttpStatusCode.Redirect, saved);
        Assert.Equal("Les Malassis", Assert.Single(await Data.CollectiveMembersAsync(bagnolet, collective.Id)).Neighbourhood);

        var download = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?>(), "form[action*='handler=Download']");
        AssertStatus(HttpStatusCode.OK, download);
        Assert.Equal("application/json", download.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        var membership = json.RootElement.GetProperty("memberships")[0];
        Assert.Equal("Collectif Le Robert", membership.GetProperty("collective").GetString());
        Assert.Equal("J'accepte.", membership.GetProperty("consent").GetProperty("text").GetString());
        Assert.Equal("Les Malassis", membership.GetProperty("neighbourhood").GetString());

        var newEmail = MailDev.NewAddress("moved", "bagnolet.fr");
        var change = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?> { ["newEmail"] = newEmail }, "form[action*='handler=Email']");
        AssertStatus(HttpStatusCode.Redirect, change);
        Assert.Equal(email, Assert.Single(await Data.CollectiveMembersAsync(bagnolet, collective.Id)).Email); // nothing changes before the new address confirms
        var mail = await MailDev.WaitForAsync(newEmail);
        var confirmed = await client.SubmitFormAsync(new Uri(MailDev.LinkIn(mail)).PathAndQuery, new Dictionary<string, string?>());
        AssertStatus(HttpStatusCode.OK, confirmed);
        Assert.Equal(newEmail, Assert.Single(await Data.CollectiveMembersAsync(bagnolet, collective.Id)).Email);
    }

    [Fact]
    public async Task After_erasure_no_row_of_any_table_holds_the_persons_address_or_name_and_the_place_goes_to_the_waiting_list()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var one = await Data.AddCollectiveAsync(bagnolet, "Collectif Sesto Fiorentino", capacity: 1);
        var two = await Data.AddCollectiveAsync(bagnolet, "Collectif Oranienburg", mode: SignUpMode.OnRequest);
        var email = MailDev.NewAddress("eraseme", "bagnolet.fr");
        const string name = "Zéphyrine Effaçable";
        await Data.AddCollectiveMemberAsync(bagnolet, one.Id, email, name);
        await Data.AddCollectiveMemberAsync(bagnolet, two.Id, email, name, MemberStatus.Requested);
        var waiting = await Data.AddCollectiveMemberAsync(bagnolet, one.Id, MailDev.NewAddress("waiting", "bagnolet.fr"), "Waiting Person", MemberStatus.Waiting);
        // A mail about the person kept in the outbox (the embedded default's delivery) goes too.
        await Data.InTenantAsync(bagnolet, async db =>
        {
            db.Add(new OutboxEmail { To = email, Subject = "Hello " + name, TextBody = name, HtmlBody = name });
            await db.SaveChangesAsync();
            return true;
        });
        using var client = App.CreateClient();
        await SignInAsync(client, "bagnolet", email);
        Assert.NotEmpty(await TestData.CellsContainingAsync(App.ConnectionString, email));

        var refused = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?>(), "form[action*='handler=Erase']");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode); // the box must be ticked
        var erased = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?> { ["confirmErase"] = "true" }, "form[action*='handler=Erase']");
        AssertStatus(HttpStatusCode.Redirect, erased);

        Assert.Empty(await TestData.CellsContainingAsync(App.ConnectionString, email));
        Assert.Empty(await TestData.CellsContainingAsync(App.ConnectionString, name));
        Assert.Empty(await TestData.CellsContainingAsync(App.ConnectionString, "Effaçable"));
        var erasure = await Data.InTenantAsync(bagnolet, db => db.Set<CitizenErasure>().SingleAsync());
        Assert.Equal(2, erasure.Memberships);
        Assert.Equal(MemberStatus.Member, (await Data.CollectiveMembersAsync(bagnolet, one.Id)).Single(m => m.Id == waiting.Id).Status);
        var after = await client.GetStringAsync("/bagnolet/collectives/mine");
        Assert.DoesNotContain(email, after, StringComparison.Ordinal);
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Collectives;

/// <summary>Announcements: Markdown sanitized, one mail per confirmed member in their language, RFC 8058 one-click unsubscribe, history counts.</summary>
public sealed class AnnouncementTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task An_announcement_reaches_each_confirmed_member_once_in_their_language_with_a_one_click_unsubscribe()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Massala", nameOther: "Massala collective");
        var french = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("fr", "bagnolet.fr"), "Awa Diarra");
        var english = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("en", "bagnolet.fr"), "John Smith", language: "en");
        var waiting = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("wait", "bagnolet.fr"), "Not Yet", MemberStatus.Waiting);
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr");
        var url = $"/bagnolet/admin/collectives/{collective.Id}/announcements";
        var fields = new Dictionary<string, string?> { ["Subject"] = "Réunion du 12", ["Body"] = "**Rendez-vous** à la mairie.\n\n<script>alert(1)</script>\n\n[plan](javascript:alert(2))" };

        var page = await staff.GetPageAsync(url);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var preview = await staff.PostAsync(url + "?handler=Preview", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Subject"] = fields["Subject"]!, ["Body"] = fields["Body"]!,
        }));
        AssertStatus(HttpStatusCode.OK, preview);
        var previewPage = await Html.ParseAsync(preview);
        Assert.Equal("Rendez-vous", previewPage.QuerySelector("#preview strong")!.TextContent);
        Assert.Null(previewPage.QuerySelector("#preview script"));
        Assert.DoesNotContain("javascript:", previewPage.QuerySelector("#preview")!.InnerHtml, StringComparison.Ordinal);

        var sent = await staff.PostAsync(url + "?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Subject"] = fields["Subject"]!, ["Body"] = fields["Body"]!,
        }));
        AssertStatus(HttpStatusCode.Redirect, sent);

        var frMail = await MailDev.WaitForAsync(french.Email, m => m.Subject.Contains("Réunion du 12", StringComparison.Ordinal));
        var enMail = await MailDev.WaitForAsync(english.Email, m => m.Subject.Contains("Réunion du 12", StringComparison.Ordinal));
        Assert.Equal("[Collectif Massala] Réunion du 12", frMail.Subject);
        Assert.Equal("[Massala collective] Réunion du 12", enMail.Subject);
        Assert.Contains("Se désabonner", frMail.Text, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe", enMail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", frMail.Html, StringComparison.Ordinal);
        var all = await MailDev.AllAsync();
        Assert.Single(all, m => m.To.Any(t => t.Email == french.Email) && m.Subject.Contains("Réunion du 12", StringComparison.Ordinal));
        Assert.DoesNotContain(all, m => m.To.Any(t => t.Email == waiting.Email));
        var source = await MailDev.SourceAsync(enMail);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", source, StringComparison.Ordinal);
        var unfolded = System.Text.RegularExpressions.Regex.Replace(source, @"\r?\n[ \t]+", " "); // long header lines are folded (RFC 5322)
        var header = System.Text.RegularExpressions.Regex.Match(unfolded, @"List-Unsubscribe:\s*<(?<url>[^>\s]+)>");
        Assert.True(header.Success, "no List-Unsubscribe header");
        var unsubscribe = header.Groups["url"].Value;
        Assert.StartsWith(App.BaseAddress.ToString().TrimEnd('/') + "/bagnolet/collectives/unsubscribe?t=", unsubscribe, StringComparison.Ordinal);

        // RFC 8058: the mail provider posts "List-Unsubscribe=One-Click" to the address, without cookie or form token.
        using var provider = App.CreateClient();
        var oneClick = await provider.PostAsync(new Uri(unsubscribe).PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        AssertStatus(HttpStatusCode.OK, oneClick);
        Assert.True((await Data.CollectiveMembersAsync(bagnolet, collective.Id)).Single(m => m.Id == english.Id).Unsubscribed);
        // The link is bound to its town: another town's page does not know it.
        await Data.CreateCollectivesTownAsync("montreuil");
        var elsewhere = await provider.GetAsync(new Uri(unsubscribe).PathAndQuery.Replace("/bagnolet/", "/montreuil/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, elsewhere.StatusCode);

        var deliveries = await Data.InTenantAsync(bagnolet, db => db.Set<AnnouncementDelivery>().AsNoTracking().ToListAsync());
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryState.Sent, d.State));
        var history = await staff.GetPageAsync(url);
        var cells = history.QuerySelectorAll("tbody tr td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Réunion du 12", "0", "2", "0", "0"], cells);
    }

    [Fact]
    public async Task A_retried_batch_sends_only_the_deliveries_not_sent_yet()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        var done = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("done", "bagnolet.fr"), "Already Sent");
        var left = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("left", "bagnolet.fr"), "Still To Send");
        var subject = "Retry " + Guid.NewGuid().ToString("N")[..8];
        var ids = await Data.InTenantAsync(bagnolet, async db =>
        {
            var a = new Announcement { CollectiveId = collective.Id, Subject = subject, BodyMarkdown = "Hello" };
            db.Add(a);
            var d1 = new AnnouncementDelivery { AnnouncementId = a.Id, MemberId = done.Id, State = DeliveryState.Sent, SentAt = DateTimeOffset.UtcNow };
            var d2 = new AnnouncementDelivery { AnnouncementId = a.Id, MemberId = left.Id };
            db.AddRange(d1, d2);
            await db.SaveChangesAsync();
            await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(bagnolet, sp =>
                sp.GetRequiredService<TwinningCloud.Web.Platform.Jobs.JobQueue>().EnqueueAsync(new TwinningCloud.Web.Platform.Jobs.JobRequest(AnnouncementJob.Kind, new AnnouncementJob.Payload(a.Id, [d1.Id, d2.Id]))));
            return (a.Id, d2.Id);
        });

        await MailDev.WaitForAsync(left.Email, m => m.Subject.Contains(subject, StringComparison.Ordinal));
        var deliveries = await Data.InTenantAsync(bagnolet, db => db.Set<AnnouncementDelivery>().AsNoTracking().ToListAsync());
        Assert.All(deliveries, d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.DoesNotContain(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == done.Email));
        _ = ids;
    }
}

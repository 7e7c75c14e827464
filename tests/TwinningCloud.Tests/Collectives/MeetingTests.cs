using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Features.Collectives.Meetings;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Collectives;

/// <summary>Meetings: iCalendar invitations by mail, answers by link, the staff's counts, the day-before reminder, cancellation, isolation.</summary>
public sealed class MeetingTests(AppFixture app) : AppTest(app)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>A day <paramref name="days"/> ahead at <paramref name="time"/> in Paris, as the staff form takes it.</summary>
    private static (string Date, DateTimeOffset Utc) ParisDay(int days, TimeOnly time)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime).AddDays(days);
        var local = day.ToDateTime(time);
        return (day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), new DateTimeOffset(local, Paris.GetUtcOffset(local)).ToUniversalTime());
    }

    private static async Task<HttpResponseMessage> AnswerAsync(HttpClient client, string link, string answer)
    {
        var page = await client.GetPageAsync(link);
        var token = page.QuerySelector("form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var secret = page.QuerySelector("form input[name=t]")!.GetAttribute("value")!;
        return await client.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["t"] = secret, ["answer"] = answer,
        }));
    }

    [Fact]
    public async Task Staff_create_a_meeting_members_get_an_ics_invitation_in_their_language_answer_by_link_and_staff_see_the_counts()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Massala", nameOther: "Massala collective");
        var french = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("fr", "bagnolet.fr"), "Awa Diarra");
        var english = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("en", "bagnolet.fr"), "John Smith", language: "en");
        var waiting = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("wait", "bagnolet.fr"), "Not Yet", MemberStatus.Waiting);
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr");
        var (date, startsUtc) = ParisDay(10, new TimeOnly(18, 30));
        var title = "Assemblée " + Guid.NewGuid().ToString("N")[..6];

        // Bad input first: the form says what is wrong, nothing is created.
        var bad = await staff.SubmitFormAsync($"/bagnolet/admin/collectives/{collective.Id}/meetings", new Dictionary<string, string?>
        {
            ["Form.Title"] = "", ["Form.Date"] = date, ["Form.Start"] = "18:30", ["Form.End"] = "18:00", ["Form.Place"] = "", ["Form.OnlineLink"] = "javascript:alert(1)",
        }, "#meeting-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = (await Html.ParseAsync(bad)).QuerySelectorAll(".field-error").Select(e => e.Id).ToList();
        Assert.Equal(["Title-error", "End-error", "OnlineLink-error"], errors);
        Assert.Empty(await Data.InTenantAsync(bagnolet, db => db.Set<CollectiveMeeting>().ToListAsync()));

        var created = await staff.SubmitFormAsync($"/bagnolet/admin/collectives/{collective.Id}/meetings", new Dictionary<string, string?>
        {
            ["Form.Title"] = title, ["Form.Date"] = date, ["Form.Start"] = "18:30", ["Form.End"] = "20:00",
            ["Form.Place"] = "Salle des fêtes, place de la mairie", ["Form.Agenda"] = "1. **Bilan** du voyage\n2. Projets <script>x</script>",
        }, "#meeting-form");
        AssertStatus(HttpStatusCode.Redirect, created);
        var meeting = await Data.InTenantAsync(bagnolet, db => db.Set<CollectiveMeeting>().AsNoTracking().SingleAsync());
        Assert.Equal(startsUtc, meeting.StartsAt);

        var frMail = await MailDev.WaitForAsync(french.Email, m => m.Subject.Contains(title, StringComparison.Ordinal));
        var enMail = await MailDev.WaitForAsync(english.Email, m => m.Subject.Contains(title, StringComparison.Ordinal));
        Assert.StartsWith("[Collectif Massala] Invitation : " + title, frMail.Subject, StringComparison.Ordinal);
        Assert.StartsWith("[Massala collective] Invitation: " + title, enMail.Subject, StringComparison.Ordinal);
        Assert.Contains("18:30", frMail.Text, StringComparison.Ordinal);
        Assert.Contains("UTC+1", frMail.Text, StringComparison.Ordinal);
        Assert.Contains("6:30", enMail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", frMail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == waiting.Email));
        var source = await MailDev.SourceAsync(frMail);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", source, StringComparison.Ordinal);
        var ics = TestData.CalendarIn(source);
        Assert.NotNull(ics);
        var calendar = Ical.Net.Calendar.Load(ics)!;
        Assert.Equal("REQUEST", calendar.Method);
        var invite = Assert.Single(calendar.Events);
        Assert.Equal($"meeting-{meeting.Id:N}@bagnolet.twinningcloud", invite.Uid);
        Assert.Equal(startsUtc.UtcDateTime, invite.DtStart!.AsUtc);
        Assert.Equal(startsUtc.AddMinutes(90).UtcDateTime, invite.DtEnd!.AsUtc);
        Assert.Equal("Salle des fêtes, place de la mairie", invite.Location);
        Assert.Contains(invite.Attendees, a => a.Value!.ToString().Contains(french.Email, StringComparison.OrdinalIgnoreCase));

        // Answering: opening the link changes nothing; the button records the answer; answering again replaces it.
        using var citizen = App.CreateClient();
        var frLink = TestData.RsvpLinkIn(frMail);
        var opened = await citizen.GetPageAsync(frLink);
        Assert.Contains(title, opened.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await Data.MeetingAnswersAsync(bagnolet, meeting.Id));
        AssertStatus(HttpStatusCode.OK, await AnswerAsync(citizen, frLink, "No"));
        AssertStatus(HttpStatusCode.OK, await AnswerAsync(citizen, frLink, "Yes"));
        AssertStatus(HttpStatusCode.OK, await AnswerAsync(citizen, TestData.RsvpLinkIn(enMail), "Maybe"));
        var answers = await Data.MeetingAnswersAsync(bagnolet, meeting.Id);
        Assert.Equal(2, answers.Count);
        Assert.Equal(RsvpAnswer.Yes, answers.Single(a => a.MemberId == french.Id).Answer);
        Assert.Equal(RsvpAnswer.Maybe, answers.Single(a => a.MemberId == english.Id).Answer);

        var staffPage = await staff.GetPageAsync($"/bagnolet/admin/collectives/meetings/{meeting.Id}");
        Assert.Equal("Oui : 1 · Peut-être : 1 · Non : 0 · invitations envoyées : 2", staffPage.QuerySelector("#answer-counts")!.TextContent.Trim());
        Assert.Equal(2, staffPage.QuerySelectorAll("#answers tbody tr").Length);
        var list = await staff.GetPageAsync($"/bagnolet/admin/collectives/{collective.Id}/meetings");
        Assert.Equal([title, "1", "1", "0"], list.QuerySelectorAll("#upcoming-table tbody td").Select(td => td.TextContent.Trim()).Where((_, i) => i != 1).ToList());

        // The public page lists the next meeting; the citizen's data download holds the answer, the erasure removes it.
        var details = await citizen.GetStringAsync($"/bagnolet/collectives/{collective.Id}");
        Assert.Contains(title, details, StringComparison.Ordinal);
        var export = await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(bagnolet, sp =>
            sp.GetRequiredService<CitizenSelfService>().ExportAsync(french.Email, CancellationToken.None));
        var json = System.Text.Encoding.UTF8.GetString(export);
        Assert.Contains(title, json, StringComparison.Ordinal);
        Assert.Contains("\"answer\": \"Yes\"", json, StringComparison.Ordinal);
        await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(bagnolet, async sp =>
        {
            await sp.GetRequiredService<CitizenSelfService>().EraseAsync(french.Email, CancellationToken.None);
            return true;
        });
        Assert.DoesNotContain(await Data.MeetingAnswersAsync(bagnolet, meeting.Id), a => a.MemberId == french.Id);
        Assert.False(await Data.InTenantAsync(bagnolet, db => db.Set<MeetingMail>().AnyAsync(d => d.MemberId == french.Id)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await citizen.GetAsync(frLink)).StatusCode);
    }

    [Fact]
    public async Task The_reminder_goes_the_day_before_to_members_who_did_not_answer_no_and_never_for_a_cancelled_meeting()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        var no = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("no", "bagnolet.fr"), "Says No");
        var silent = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("silent", "bagnolet.fr"), "Says Nothing");
        var yes = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("yes", "bagnolet.fr"), "Says Yes");
        var title = "Réunion " + Guid.NewGuid().ToString("N")[..6];
        var meeting = await Data.AddMeetingAsync(bagnolet, collective.Id, title, DateTimeOffset.UtcNow.AddHours(30));
        var noInvite = await MailDev.WaitForAsync(no.Email, m => m.Subject.Contains(title, StringComparison.Ordinal));
        var yesInvite = await MailDev.WaitForAsync(yes.Email, m => m.Subject.Contains(title, StringComparison.Ordinal));
        using var citizen = App.CreateClient();
        AssertStatus(HttpStatusCode.OK, await AnswerAsync(citizen, TestData.RsvpLinkIn(noInvite), "No"));
        AssertStatus(HttpStatusCode.OK, await AnswerAsync(citizen, TestData.RsvpLinkIn(yesInvite), "Yes"));

        // The reminder job waits for the day before; brought forward, it runs now.
        var reminderJob = await Data.RunReminderNowAsync(bagnolet, meeting.Id);
        await Data.WaitForJobAsync(reminderJob, JobState.Succeeded, TimeSpan.FromSeconds(30));
        var reminder = await MailDev.WaitForAsync(silent.Email, m => m.Subject.Contains("Rappel", StringComparison.Ordinal) && m.Subject.Contains(title, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.StartsWith("[Collectif Akbou] Rappel, demain : " + title, reminder.Subject, StringComparison.Ordinal);
        await MailDev.WaitForAsync(yes.Email, m => m.Subject.Contains("Rappel", StringComparison.Ordinal) && m.Subject.Contains(title, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await WaitForNoPlannedMailsAsync(bagnolet);
        Assert.DoesNotContain(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == no.Email) && m.Subject.Contains("Rappel", StringComparison.Ordinal));

        // A cancelled meeting: a cancellation with the same UID, and its reminder sends nothing.
        var cancelledTitle = "Annulée " + Guid.NewGuid().ToString("N")[..6];
        var cancelled = await Data.AddMeetingAsync(bagnolet, collective.Id, cancelledTitle, DateTimeOffset.UtcNow.AddHours(30));
        await MailDev.WaitForAsync(silent.Email, m => m.Subject.Contains("Invitation", StringComparison.Ordinal) && m.Subject.Contains(cancelledTitle, StringComparison.Ordinal));
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr");
        AssertStatus(HttpStatusCode.Redirect, await staff.SubmitFormAsync($"/bagnolet/admin/collectives/meetings/{cancelled.Id}", new Dictionary<string, string?>(), "form:has(#cancel-button)"));
        var cancellation = await MailDev.WaitForAsync(silent.Email, m => m.Subject.Contains("Annulée :", StringComparison.Ordinal) && m.Subject.Contains(cancelledTitle, StringComparison.Ordinal));
        var calendar = Ical.Net.Calendar.Load(TestData.CalendarIn(await MailDev.SourceAsync(cancellation))!)!;
        Assert.Equal("CANCEL", calendar.Method);
        var cancel = Assert.Single(calendar.Events);
        Assert.Equal($"meeting-{cancelled.Id:N}@bagnolet.twinningcloud", cancel.Uid);
        Assert.Equal(1, cancel.Sequence);
        Assert.Equal("CANCELLED", cancel.Status);
        Assert.DoesNotContain(cancelledTitle, await citizen.GetStringAsync($"/bagnolet/collectives/{collective.Id}"), StringComparison.Ordinal);

        var cancelledReminder = await Data.RunReminderNowAsync(bagnolet, cancelled.Id);
        await Data.WaitForJobAsync(cancelledReminder, JobState.Succeeded, TimeSpan.FromSeconds(30));
        await WaitForNoPlannedMailsAsync(bagnolet);
        Assert.DoesNotContain(await MailDev.AllAsync(), m => m.Subject.Contains("Rappel", StringComparison.Ordinal) && m.Subject.Contains(cancelledTitle, StringComparison.Ordinal));
        Assert.False(await Data.InTenantAsync(bagnolet, db => db.Set<MeetingMail>().AnyAsync(d => d.MeetingId == cancelled.Id && d.Kind == MeetingMailKind.Reminder)));
    }

    private async Task WaitForNoPlannedMailsAsync(TenantInfo tenant)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Data.InTenantAsync(tenant, db => db.Set<MeetingMail>().AnyAsync(d => d.State == Web.Features.Collectives.DeliveryState.Planned)))
        {
            Assert.True(DateTime.UtcNow < deadline, "meeting mails still planned after 30 s");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Another_towns_meeting_ids_answer_404_and_an_answer_link_is_worthless_in_another_town()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var montreuil = await Data.CreateCollectivesTownAsync("montreuil");
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Chatila");
        var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("iso", "bagnolet.fr"), "Iso Person");
        var title = "Secret " + Guid.NewGuid().ToString("N")[..6];
        var meeting = await Data.AddMeetingAsync(bagnolet, collective.Id, title, DateTimeOffset.UtcNow.AddDays(5));
        var mail = await MailDev.WaitForAsync(member.Email, m => m.Subject.Contains(title, StringComparison.Ordinal));
        var link = TestData.RsvpLinkIn(mail);
        await Data.CreateStaffAsync(montreuil, "admin@montreuil.fr", Roles.TenantAdmin);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/montreuil", "admin@montreuil.fr");

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/montreuil/admin/collectives/meetings/{meeting.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/montreuil/admin/collectives/{collective.Id}/meetings")).StatusCode);
        using var citizen = App.CreateClient();
        var elsewhere = link.Replace("/bagnolet/", "/montreuil/", StringComparison.Ordinal);
        var page = await citizen.GetAsync(elsewhere);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.DoesNotContain(title, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var form = await Html.ParseAsync(page);
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await citizen.GetPageAsync("/montreuil/collectives")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        var post = await citizen.PostAsync(elsewhere, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["t"] = new Uri("http://x" + link).Query.Split("t=")[1], ["answer"] = "Yes",
        }));
        Assert.True(post.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{(int)post.StatusCode}");
        Assert.Empty(await Data.MeetingAnswersAsync(bagnolet, meeting.Id));
        // The same link at home works.
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task With_the_module_off_meeting_pages_answer_404_and_queued_meeting_mails_send_nothing()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Le Robert");
        var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("off", "bagnolet.fr"), "Off Person");
        var title = "Off " + Guid.NewGuid().ToString("N")[..6];
        var meeting = await Data.AddMeetingAsync(bagnolet, collective.Id, title, DateTimeOffset.UtcNow.AddDays(3));
        var mail = await MailDev.WaitForAsync(member.Email, m => m.Subject.Contains(title, StringComparison.Ordinal));
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        bagnolet = await Data.SetModuleAsync(bagnolet, ModuleKeys.Collectives, on: false);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "admin@bagnolet.fr");
        foreach (var url in new[] { $"/bagnolet/admin/collectives/{collective.Id}/meetings", $"/bagnolet/admin/collectives/meetings/{meeting.Id}", TestData.RsvpLinkIn(mail) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(url)).StatusCode);
        }
        // An update planned while the module is off (as a job queued before it went off would be): nothing goes out.
        var jobs = await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(bagnolet, async sp =>
        {
            var db = sp.GetRequiredService<Web.Platform.Persistence.AppDbContext>();
            var m = await db.Set<CollectiveMeeting>().FirstAsync(x => x.Id == meeting.Id);
            m.Sequence++;
            await db.SaveChangesAsync();
            await sp.GetRequiredService<MeetingPlanner>().PlanAsync(m, MeetingMailKind.Update, CancellationToken.None);
            return await db.Jobs.Where(j => j.Kind == MeetingMailJob.Kind).Select(j => j.Id).ToListAsync();
        });
        foreach (var id in jobs)
        {
            await Data.WaitForJobAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(30));
        }
        Assert.Single(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == member.Email));
    }
}

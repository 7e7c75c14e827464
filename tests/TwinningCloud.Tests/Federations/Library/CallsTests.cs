using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Features.Federations.Portal.Calls;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Tests.Federations.Library;

/// <summary>
/// Calls for projects: the form's checks; members see them on their town's side, the portal only the public ones; the
/// reminders 7 and 1 days before the deadline go once to each administrator of each accepted member town (MailDev),
/// never twice (the same call saved again, the scheduling from a second instance, a job run again after a crash), and
/// never for a moved or removed call.
/// </summary>
public sealed class CallsTests(AppFixture app) : AppTest(app)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static Task<HttpResponseMessage> SaveCallAsync(HttpClient admin, string url, string title, DateTimeOffset deadline, bool isPublic) =>
        admin.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Form.Title"] = title, ["Form.Date"] = TimeZoneInfo.ConvertTime(deadline, Paris).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Form.Time"] = "12:00", ["Form.TimeZone"] = "Europe/Paris",
            ["Form.Text"] = "Projets de coopération **eau et assainissement** en Méditerranée.", ["Form.IsPublic"] = isPublic ? "true" : null,
        }, "#call-form");

    [Fact]
    public async Task Reminders_go_once_to_each_admin_of_each_member_town_7_and_1_days_before_and_never_for_a_moved_call()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements]);
        var lyon = await Data.CreateTenantAsync("lyon", "Ville de Lyon", culture: "en", modules: [ModuleKeys.Agreements]);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet", modules: [ModuleKeys.Agreements]);
        await Data.AddFederationMemberAsync(cuf, marseille);
        await Data.AddFederationMemberAsync(cuf, lyon);
        await Data.AddFederationMemberAsync(cuf, bagnolet, MemberStatus.Left);
        var marseilleAdmins = new[] { MailDev.NewAddress("admin1"), MailDev.NewAddress("admin2") };
        foreach (var a in marseilleAdmins)
        {
            await Data.CreateStaffAsync(marseille, a, Roles.TenantAdmin);
        }
        var marseilleEditor = MailDev.NewAddress("editor");
        await Data.CreateStaffAsync(marseille, marseilleEditor, Roles.Editor);
        var lyonAdmin = MailDev.NewAddress("admin", "lyon.fr");
        await Data.CreateStaffAsync(lyon, lyonAdmin, Roles.TenantAdmin);
        var bagnoletAdmin = MailDev.NewAddress("admin", "bagnolet.fr");
        await Data.CreateStaffAsync(bagnolet, bagnoletAdmin, Roles.TenantAdmin);
        using var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("", "admin@cuf.org"));

        // The form refuses a deadline in the past, with the message next to the field.
        var past = await SaveCallAsync(admin, "/federations/cuf/calls/edit", "Appel passé", DateTimeOffset.UtcNow.AddDays(-2), isPublic: true);
        AssertStatus(HttpStatusCode.UnprocessableEntity, past);
        Assert.Equal("La date limite doit être dans le futur.", (await Html.ParseAsync(past)).QuerySelector("#Date-error")!.TextContent);
        Assert.Empty(await Data.FederationCallsAsync(cuf));

        var title = "Eau et assainissement " + Guid.NewGuid().ToString("N")[..6];
        AssertStatus(HttpStatusCode.Redirect, await SaveCallAsync(admin, "/federations/cuf/calls/edit", title, DateTimeOffset.UtcNow.AddDays(10), isPublic: false));
        var call = Assert.Single(await Data.FederationCallsAsync(cuf));
        var local = TimeZoneInfo.ConvertTime(call.DeadlineAt, Paris);
        Assert.Equal((12, 0), (local.Hour, local.Minute)); // typed in Paris time, stored in UTC
        var jobs = await Data.JobsWithKeyAsync($"{CallReminderJob.Kind}/{call.Id:N}/");
        Assert.Equal([call.DeadlineAt.AddDays(-7), call.DeadlineAt.AddDays(-1)], jobs.Select(j => j.RunAt).Order());
        Assert.All(jobs, j => Assert.Null(j.TenantId)); // the federation's, not a town's

        // Saved again unchanged, and planned again from another instance: still one job per reminder.
        AssertStatus(HttpStatusCode.Redirect, await SaveCallAsync(admin, $"/federations/cuf/calls/edit/{call.Id}", title, call.DeadlineAt, isPublic: false));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CallsEditor>().ScheduleRemindersAsync(call, default));
        }
        Assert.Equal(2, (await Data.JobsWithKeyAsync($"{CallReminderJob.Kind}/{call.Id:N}/")).Count);

        // Members-only: the member town's staff see it; the portal does not.
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", marseilleEditor));
        Assert.Contains(title, await ReadAsync(await editor.GetAsync("/marseille/admin/federations/library")), StringComparison.Ordinal);
        using var anonymous = App.CreateClient();
        Assert.DoesNotContain(title, await ReadAsync(await anonymous.GetAsync("/federations/cuf/calls-for-projects")), StringComparison.Ordinal);

        // Seven days before: one mail to each administrator of each member town, in their town's language, with a link from configuration.
        var sevenDays = jobs.Single(j => j.IdempotencyKey!.EndsWith("/7", StringComparison.Ordinal));
        await Data.RunJobNowAsync(sevenDays.Id);
        await Data.WaitForJobAsync(sevenDays.Id, JobState.Succeeded, TimeSpan.FromSeconds(30));
        var townJobs = await Data.JobsWithKeyAsync($"{CallReminderTownJob.Kind}/{call.Id:N}/");
        Assert.Equal(new[] { lyon.Id, marseille.Id }.Order(), townJobs.Select(j => j.TenantId!.Value).Order());
        foreach (var j in townJobs)
        {
            await Data.WaitForJobAsync(j.Id, JobState.Succeeded, TimeSpan.FromSeconds(30));
        }
        foreach (var to in marseilleAdmins)
        {
            var mail = await MailDev.WaitForAsync(to, m => m.Subject.Contains(title, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.Equal($"[Cités Unies France] Appel à projets « {title} » : clôture dans 7 jours", mail.Subject);
            Assert.Equal([to], mail.To.Select(a => a.Email)); // one address a mail
            Assert.StartsWith($"{App.BaseAddress.ToString().TrimEnd('/')}/marseille/admin/federations/library#call-{call.Id}", MailDev.LinkIn(mail), StringComparison.Ordinal);
            Assert.Contains("eau et assainissement", mail.Text, StringComparison.Ordinal);
        }
        var english = await MailDev.WaitForAsync(lyonAdmin, m => m.Subject.Contains(title, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal($"[Cités Unies France] Call for projects \"{title}\": closes in 7 days", english.Subject);

        // Run again as after a crash: nobody gets it twice. Editors and former members never get it.
        foreach (var j in townJobs)
        {
            await Data.RunJobNowAsync(j.Id);
            await Data.WaitForJobAsync(j.Id, JobState.Succeeded, TimeSpan.FromSeconds(30));
        }
        await Data.RunJobNowAsync(sevenDays.Id);
        await Data.WaitForJobAsync(sevenDays.Id, JobState.Succeeded, TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await Data.JobsWithKeyAsync($"{CallReminderTownJob.Kind}/{call.Id:N}/")).Count);
        var all = await MailDev.AllAsync();
        int Received(string to) => all.Count(m => m.Subject.Contains(title, StringComparison.Ordinal) && m.To.Any(a => a.Email == to));
        Assert.Equal([1, 1, 1, 0, 0], new[] { marseilleAdmins[0], marseilleAdmins[1], lyonAdmin, marseilleEditor, bagnoletAdmin }.Select(Received));

        // The deadline moves: new reminders for the new date; the old one-day reminder finds the date changed and sends nothing.
        AssertStatus(HttpStatusCode.Redirect, await SaveCallAsync(admin, $"/federations/cuf/calls/edit/{call.Id}", title, call.DeadlineAt.AddDays(20), isPublic: true));
        var moved = Assert.Single(await Data.FederationCallsAsync(cuf));
        Assert.Equal(4, (await Data.JobsWithKeyAsync($"{CallReminderJob.Kind}/{call.Id:N}/")).Count);
        var oldOneDay = jobs.Single(j => j.IdempotencyKey!.EndsWith("/1", StringComparison.Ordinal));
        await Data.RunJobNowAsync(oldOneDay.Id);
        await Data.WaitForJobAsync(oldOneDay.Id, JobState.Succeeded, TimeSpan.FromSeconds(30));
        Assert.Empty(await Data.JobsWithKeyAsync($"{CallReminderTownJob.Kind}/{call.Id:N}/{call.DeadlineAt.UtcTicks}/1/"));
        // Now public: on the portal, with its deadline in Paris time.
        var portal = await ReadAsync(await anonymous.GetAsync("/federations/cuf/calls-for-projects"));
        Assert.Contains(title, portal, StringComparison.Ordinal);
        var portalText = (await anonymous.GetPageAsync("/federations/cuf/calls-for-projects")).Body!.TextContent;
        Assert.Contains($"{TimeZoneInfo.ConvertTime(moved.DeadlineAt, Paris).ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr"))} à 12:00 (Europe/Paris", portalText, StringComparison.Ordinal);
        Assert.Contains("<strong>eau et assainissement</strong>", portal, StringComparison.Ordinal); // sanitized Markdown

        // Removed: its reminders send nothing.
        var adminToken = await OnboardingTests.AntiforgeryAsync(admin, $"/federations/cuf/calls/edit/{call.Id}");
        AssertStatus(HttpStatusCode.Redirect, await admin.PostAsync($"/federations/cuf/calls/edit/{call.Id}?handler=Delete", new FormUrlEncodedContent([new("__RequestVerificationToken", adminToken)])));
        Assert.Empty(await Data.FederationCallsAsync(cuf));
        var newSeven = (await Data.JobsWithKeyAsync($"{CallReminderJob.Kind}/{call.Id:N}/{moved.DeadlineAt.UtcTicks}/7")).Single();
        await Data.RunJobNowAsync(newSeven.Id);
        await Data.WaitForJobAsync(newSeven.Id, JobState.Succeeded, TimeSpan.FromSeconds(30));
        Assert.Empty(await Data.JobsWithKeyAsync($"{CallReminderTownJob.Kind}/{call.Id:N}/{moved.DeadlineAt.UtcTicks}/"));
    }
}

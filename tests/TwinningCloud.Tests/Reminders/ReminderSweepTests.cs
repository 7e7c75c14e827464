using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Reminders;

/// <summary>
/// The sweep and the reminder mails through the real job path: the sweep plans deliveries and enqueues
/// their mail jobs, the app's own worker runs them, MailDev receives the mails.
/// </summary>
public sealed class ReminderSweepTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Tenant, string Admin)> TownAsync(string slug = "marseille", string culture = "fr")
    {
        var tenant = await Data.CreateTenantAsync(slug, culture: culture, modules: TestData.WithReminders);
        var admin = MailDev.NewAddress("admin");
        await Data.CreateStaffAsync(tenant, admin, Roles.TenantAdmin);
        return (tenant, admin);
    }

    [Fact]
    public async Task Only_the_nearest_due_offset_is_planned_and_far_or_past_dates_are_not()
    {
        var (marseille, admin) = await TownAsync();
        var soon = await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 5);
        var later = await Data.AddAgreementReviewedInAsync(marseille, "Accord Marseille–Hambourg", 40);
        await Data.AddAgreementReviewedInAsync(marseille, "Accord Marseille–Odessa", 91);
        await Data.AddAgreementReviewedInAsync(marseille, "Accord Marseille–Shanghai", -1);
        await Data.AddAgreementReviewedInAsync(marseille, "Accord sans date", null);

        var result = await Data.SweepRemindersAsync(marseille);

        Assert.Equal((2, 0, 1), (result.Planned, result.Cancelled, result.JobsEnqueued)); // one batch job for both recipients' mails
        var deliveries = await Data.SettledDeliveriesAsync(marseille);
        Assert.Equal([(soon.Id, 7), (later.Id, 90)], deliveries.OrderBy(d => d.OffsetDays).Select(d => (d.ItemId, d.OffsetDays)));
        Assert.All(deliveries, d => Assert.Equal(ReminderDeliveryState.Sent, d.State));
        Assert.All(deliveries, d => Assert.Equal([admin], d.Recipients));
        Assert.All(deliveries, d => Assert.Equal(TestData.TodayIn(marseille), d.PlannedOn));
        await MailDev.WaitForAsync(admin, m => m.Subject.Contains("Serment Marseille–Gênes", StringComparison.Ordinal));
        await MailDev.WaitForAsync(admin, m => m.Subject.Contains("Accord Marseille–Hambourg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_sweep_plans_nothing_again_and_sends_no_second_mail()
    {
        var (marseille, admin) = await TownAsync();
        await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);

        var first = await Data.SweepRemindersAsync(marseille);
        var second = await Data.SweepRemindersAsync(marseille);
        await Data.SettledDeliveriesAsync(marseille);
        var third = await Data.SweepRemindersAsync(marseille);

        Assert.Equal(1, first.Planned);
        Assert.Equal((0, 0), (second.Planned, second.JobsEnqueued));
        Assert.Equal((0, 0), (third.Planned, third.JobsEnqueued));
        Assert.Single(await Data.DeliveriesAsync(marseille));
        await MailDev.WaitForAsync(admin);
        await Task.Delay(500);
        Assert.Single(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == admin));
    }

    [Fact]
    public async Task A_changed_date_is_planned_again_and_the_old_planned_reminder_is_cancelled_when_its_job_runs()
    {
        var (marseille, admin) = await TownAsync();
        var agreement = await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 6);
        var oldDate = agreement.NextReviewOn!.Value;
        // The old reminder is planned but its mail job has not run yet (it runs in 2 s).
        await PlanByHandAsync(marseille, agreement.Id, agreement.Title, oldDate, 7, admin, TimeSpan.FromSeconds(2));
        await Data.InTenantAsync(marseille, async db =>
        {
            var a = await db.Set<Agreement>().SingleAsync();
            a.NextReviewOn = oldDate.AddDays(-3);
            return await db.SaveChangesAsync();
        });

        var result = await Data.SweepRemindersAsync(marseille);

        Assert.Equal(1, result.Planned);
        var deliveries = await Data.SettledDeliveriesAsync(marseille);
        var old = Assert.Single(deliveries, d => d.DueOn == oldDate);
        Assert.Equal((ReminderDeliveryState.Cancelled, ReminderMail.DateChanged), (old.State, old.CancelReason));
        var replanned = Assert.Single(deliveries, d => d.DueOn == oldDate.AddDays(-3));
        Assert.Equal((ReminderDeliveryState.Sent, 7), (replanned.State, replanned.OffsetDays));
        var mail = await MailDev.WaitForAsync(admin);
        Assert.Contains(oldDate.AddDays(-3).ToString("d", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")), mail.Subject, StringComparison.Ordinal);
        Assert.Single(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == admin));
    }

    [Fact]
    public async Task Ended_and_draft_agreements_are_not_reminded_and_a_deleted_item_cancels_its_planned_reminder()
    {
        var (marseille, admin) = await TownAsync();
        await Data.AddAgreementReviewedInAsync(marseille, "Accord terminé", 7, AgreementStatus.Ended);
        await Data.AddAgreementReviewedInAsync(marseille, "Projet d'accord", 7, AgreementStatus.Draft);
        var suspended = await Data.AddAgreementReviewedInAsync(marseille, "Accord suspendu", 7, AgreementStatus.Suspended);
        var doomed = await Data.AddAgreementReviewedInAsync(marseille, "Accord supprimé", 20);
        await PlanByHandAsync(marseille, doomed.Id, doomed.Title, doomed.NextReviewOn!.Value, 30, admin, TimeSpan.FromSeconds(2));
        await Data.InTenantAsync(marseille, async db =>
        {
            db.Remove(await db.Set<Agreement>().SingleAsync(a => a.Id == doomed.Id));
            return await db.SaveChangesAsync();
        });

        var result = await Data.SweepRemindersAsync(marseille);

        Assert.Equal(1, result.Planned);
        var deliveries = await Data.SettledDeliveriesAsync(marseille);
        Assert.Equal(suspended.Id, Assert.Single(deliveries, d => d.State == ReminderDeliveryState.Sent).ItemId);
        var gone = Assert.Single(deliveries, d => d.ItemId == doomed.Id);
        Assert.Equal((ReminderDeliveryState.Cancelled, ReminderMail.ItemGone), (gone.State, gone.CancelReason));
    }

    [Fact]
    public async Task Recipients_are_chosen_by_role_by_person_and_as_the_person_responsible_and_a_removed_member_no_longer_receives()
    {
        var (marseille, admin) = await TownAsync();
        var editor = MailDev.NewAddress("editor");
        var named = MailDev.NewAddress("named");
        var responsible = MailDev.NewAddress("responsible");
        await Data.CreateStaffAsync(marseille, editor, Roles.Editor);
        var namedUser = await Data.CreateStaffAsync(marseille, named, Roles.Editor);
        var responsibleUser = await Data.CreateStaffAsync(marseille, responsible, Roles.Editor);
        await Data.SaveReminderRuleAsync(marseille, ReminderSubject.AgreementReview, r =>
        {
            r.RecipientRoles = [Roles.TenantAdmin];
            r.RecipientUserIds = [namedUser.Id];
            r.IncludeResponsible = true;
        });
        await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7, responsible: responsibleUser.Id);

        await Data.SweepRemindersAsync(marseille);

        var delivery = Assert.Single(await Data.SettledDeliveriesAsync(marseille));
        Assert.Equal(new[] { admin, named, responsible }.Order(StringComparer.OrdinalIgnoreCase), delivery.Recipients);
        foreach (var to in new[] { admin, named, responsible })
        {
            Assert.Equal(to, Assert.Single((await MailDev.WaitForAsync(to)).To).Email); // each their own message
        }
        Assert.DoesNotContain((await MailDev.AllAsync()), m => m.To.Any(t => t.Email == editor));

        // The named person leaves the team: the next reminder no longer goes to them.
        await Data.InTenantAsync(marseille, async db =>
        {
            db.Remove(await db.Set<TenantMembership>().SingleAsync(m => m.UserId == namedUser.Id));
            return await db.SaveChangesAsync();
        });
        await Data.AddAgreementReviewedInAsync(marseille, "Accord Marseille–Hambourg", 30);
        await Data.SweepRemindersAsync(marseille);
        var next = Assert.Single(await Data.SettledDeliveriesAsync(marseille), d => d.ItemTitle == "Accord Marseille–Hambourg");
        Assert.Equal([admin], next.Recipients);
    }

    [Fact]
    public async Task Each_recipient_gets_a_message_of_their_own_and_never_sees_the_other_recipients_addresses()
    {
        var (marseille, admin) = await TownAsync();
        var others = new[] { MailDev.NewAddress("editor"), MailDev.NewAddress("editor"), MailDev.NewAddress("editor") };
        foreach (var address in others)
        {
            await Data.CreateStaffAsync(marseille, address, Roles.Editor);
        }
        await Data.SaveReminderRuleAsync(marseille, ReminderSubject.AgreementReview, r => r.RecipientRoles = [Roles.TenantAdmin, Roles.Editor]);
        // An immediate reminder and a digest (memberships): both go one message per recipient.
        await Data.SaveReminderRuleAsync(marseille, ReminderSubject.MembershipRenewal, r =>
        {
            r.RecipientRoles = [Roles.TenantAdmin, Roles.Editor];
            r.Mode = ReminderMode.DailyDigest;
        });
        await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);
        await Data.AddMembershipAsync(marseille, "cuf", renewalOn: TestData.TodayIn(marseille).AddDays(30));
        string[] everyone = [admin, .. others];

        var result = await Data.SweepRemindersAsync(marseille);

        Assert.Equal((2, 1), (result.Planned, result.JobsEnqueued)); // eight recipients' mails in one batch job
        var deliveries = await Data.SettledDeliveriesAsync(marseille);
        Assert.All(deliveries, d => Assert.Equal(ReminderDeliveryState.Sent, d.State));
        Assert.All(deliveries, d => Assert.Equal(everyone.Order(StringComparer.OrdinalIgnoreCase), d.Recipients));
        var rows = await Data.InTenantAsync(marseille, db => db.Set<ReminderRecipientDelivery>().AsNoTracking().ToListAsync());
        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.Equal((ReminderDeliveryState.Sent, true), (r.State, r.SentAt is not null)));
        foreach (var to in everyone)
        {
            await MailDev.WaitForAsync(to, m => m.Subject.Contains("Serment Marseille–Gênes", StringComparison.Ordinal));
            await MailDev.WaitForAsync(to, m => m.Text!.Contains("CUF", StringComparison.Ordinal));
        }
        await Task.Delay(500);
        var mails = (await MailDev.AllAsync()).Where(m => m.To.Any(t => everyone.Contains(t.Email))).ToList();
        Assert.Equal(everyone.Length * 2, mails.Count); // two messages each, none twice
        foreach (var mail in mails)
        {
            var to = Assert.Single(mail.To).Email;
            var source = await MailDev.SourceAsync(mail);
            Assert.All(everyone.Where(a => a != to), other => Assert.DoesNotContain(other, source, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(to, source, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(everyone.Order(), mails.GroupBy(m => m.To[0].Email).Select(g => g.Key).Order());
    }

    [Fact]
    public async Task Nobody_to_receive_cancels_the_reminder_at_once()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: TestData.WithReminders);
        await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);

        var result = await Data.SweepRemindersAsync(marseille);

        Assert.Equal((0, 1, 0), (result.Planned, result.Cancelled, result.JobsEnqueued));
        var delivery = Assert.Single(await Data.DeliveriesAsync(marseille));
        Assert.Equal((ReminderDeliveryState.Cancelled, ReminderMail.NoRecipient), (delivery.State, delivery.CancelReason));
    }

    [Fact]
    public async Task The_daily_digest_sends_one_mail_listing_every_item_of_the_day()
    {
        var (marseille, admin) = await TownAsync();
        await Data.SaveReminderRuleAsync(marseille, ReminderSubject.AgreementReview, r => r.Mode = ReminderMode.DailyDigest);
        await Data.SaveReminderRuleAsync(marseille, ReminderSubject.MembershipRenewal, r => r.Mode = ReminderMode.DailyDigest);
        await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);
        await Data.AddAgreementReviewedInAsync(marseille, "Accord Marseille–Hambourg", 25);
        await Data.AddMembershipAsync(marseille, "cuf", renewalOn: TestData.TodayIn(marseille).AddDays(60));

        var result = await Data.SweepRemindersAsync(marseille);

        Assert.Equal((3, 1), (result.Planned, result.JobsEnqueued));
        var deliveries = await Data.SettledDeliveriesAsync(marseille);
        Assert.All(deliveries, d => Assert.Equal(ReminderDeliveryState.Sent, d.State));
        Assert.Single(deliveries.Select(d => d.JobKey).Distinct());
        var mail = await MailDev.WaitForAsync(admin);
        Assert.Contains("3 échéances à venir", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Serment Marseille–Gênes", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Accord Marseille–Hambourg", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Renouvellement de l'adhésion à CUF", mail.Text, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == admin));
    }

    [Fact]
    public async Task Without_the_module_there_is_no_sweep_no_schedule_and_a_queued_mail_is_cancelled_unsent()
    {
        var (marseille, admin) = await TownAsync();
        var agreement = await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);
        await PlanByHandAsync(marseille, agreement.Id, agreement.Title, agreement.NextReviewOn!.Value, 7, admin, TimeSpan.FromSeconds(3));
        Assert.True(await HasScheduleAsync(marseille));

        marseille = await Data.SetModuleAsync(marseille, ModuleKeys.Reminders, on: false);
        var result = await Data.SweepRemindersAsync(marseille);

        Assert.Equal((0, 0, 0), (result.Planned, result.Cancelled, result.JobsEnqueued));
        Assert.False(await HasScheduleAsync(marseille));
        var delivery = Assert.Single(await Data.SettledDeliveriesAsync(marseille));
        Assert.Equal((ReminderDeliveryState.Cancelled, ReminderMail.ModuleOff), (delivery.State, delivery.CancelReason));
        await Task.Delay(300);
        Assert.DoesNotContain(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == admin));
    }

    [Theory]
    [InlineData("fr", "Ville de Marseille : révision de « Serment Marseille–Gênes » le ", "Bonjour, une échéance approche", "(rappel à J-7)")]
    [InlineData("en", "Ville de Marseille: review of “Serment Marseille–Gênes” on ", "Hello, a date is coming up", "(reminder 7 days before)")]
    public async Task The_mail_speaks_the_towns_language_and_links_to_the_item(string culture, string subject, string intro, string line)
    {
        var (marseille, admin) = await TownAsync(culture: culture);
        var agreement = await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);

        await Data.SweepRemindersAsync(marseille);

        var mail = await MailDev.WaitForAsync(admin);
        Assert.StartsWith(subject, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(intro, mail.Text, StringComparison.Ordinal);
        Assert.Contains(line, mail.Text, StringComparison.Ordinal);
        Assert.Contains($"lang=\"{culture}\"", mail.Html, StringComparison.Ordinal);
        var link = new Uri(MailDev.LinkIn(mail));
        Assert.Equal($"/marseille/admin/agreements/{agreement.Id}", link.AbsolutePath);
        Assert.Equal(App.BaseAddress.Port, link.Port);
        Assert.Contains($":{App.BaseAddress.Port}/marseille/admin/reminders", mail.Text, StringComparison.Ordinal);
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", admin));
        var page = await client.GetPageAsync(link.PathAndQuery);
        Assert.Contains("Serment Marseille–Gênes", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_job_enqueued_for_the_tenant_runs_in_the_worker_and_membership_renewals_are_reminded()
    {
        var (marseille, admin) = await TownAsync();
        var membership = await Data.AddMembershipAsync(marseille, "cuf", renewalOn: TestData.TodayIn(marseille).AddDays(30));

        await Data.InTenantScopeAsync(marseille, sp =>
            sp.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(ReminderSweep.Kind) { IdempotencyKey = $"test-sweep/{marseille.Id:N}" }));

        var delivery = await WaitForAsync(async () => (await Data.DeliveriesAsync(marseille)).SingleOrDefault(d => d.State == ReminderDeliveryState.Sent));
        Assert.Equal((ReminderSubject.MembershipRenewal, membership.Id, 30), (delivery.Subject, delivery.ItemId, delivery.OffsetDays));
        var mail = await MailDev.WaitForAsync(admin);
        Assert.Contains("renouvellement de l'adhésion à CUF", mail.Subject, StringComparison.Ordinal);
        Assert.EndsWith($"/marseille/admin/networks/{membership.Id}", MailDev.LinkIn(mail), StringComparison.Ordinal);
    }

    /// <summary>A delivery planned as the sweep would, with its mail job due in <paramref name="delay"/>.</summary>
    private Task<bool> PlanByHandAsync(TenantInfo tenant, Guid itemId, string title, DateOnly dueOn, int offset, string to, TimeSpan delay) =>
        Data.InTenantScopeAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<TwinningCloud.Web.Platform.Persistence.AppDbContext>();
            var delivery = new ReminderDelivery
            {
                Subject = ReminderSubject.AgreementReview, ItemId = itemId, DueOn = dueOn, OffsetDays = offset,
                PlannedOn = TestData.TodayIn(tenant), ItemTitle = title, Recipients = [to], Mode = ReminderMode.Immediate,
                JobKey = $"test-reminder/{Guid.NewGuid():N}",
            };
            db.Add(delivery);
            await db.SaveChangesAsync();
            return await sp.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(ReminderMail.Kind, new ReminderMail.Payload([delivery.Id]))
            {
                IdempotencyKey = delivery.JobKey, RunAt = DateTimeOffset.UtcNow + delay,
            });
        });

    private async Task<bool> HasScheduleAsync(TenantInfo tenant)
    {
        return await TestData.SweepScheduleAsync(App.Services, tenant) is not null;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The awaited state never came.");
            }
            await Task.Delay(100);
        }
    }
}

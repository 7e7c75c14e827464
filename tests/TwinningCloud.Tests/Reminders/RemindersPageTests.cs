using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Reminders.Staff;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Reminders;

/// <summary>
/// <c>/admin/reminders</c> (settings, run now, latest reminders) and the reminder history on each item's page.
/// Decision: editors may read the settings (they may be among the recipients); only tenant admins change them
/// or run the sweep — any other POST answers 403.
/// </summary>
public sealed class RemindersPageTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Tenant, HttpClient Client, AppUser User)> SignedInAsync(string role = Roles.TenantAdmin, string[]? modules = null, string culture = "fr")
    {
        var marseille = await Data.CreateTenantAsync("marseille", culture: culture, modules: modules ?? TestData.WithReminders);
        var email = MailDev.NewAddress(role);
        var user = await Data.CreateStaffAsync(marseille, email, role);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", email));
        return (marseille, client, user);
    }

    private static string ValueOf(AngleSharp.Dom.IDocument page, string id) => ((IHtmlInputElement)page.QuerySelector($"#{id}")!).Value;

    private static bool IsChecked(AngleSharp.Dom.IDocument page, string id) => ((IHtmlInputElement)page.QuerySelector($"#{id}")!).IsChecked;

    [Fact]
    public async Task An_admin_sees_the_defaults_the_time_zone_and_the_next_planned_sweep()
    {
        var (marseille, admin, _) = await SignedInAsync();

        var page = await admin.GetPageAsync("/marseille/admin/reminders");

        Assert.Equal("8", ValueOf(page, "SweepHour"));
        Assert.Contains("Europe/Paris", page.QuerySelector("#SweepHour-hint")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("90, 30, 7", ValueOf(page, "AgreementReview-Offsets"));
        Assert.Equal("90, 30, 7", ValueOf(page, "MembershipRenewal-Offsets"));
        Assert.True(IsChecked(page, "AgreementReview-Enabled"));
        Assert.True(IsChecked(page, "AgreementReview-role-tenant-admin"));
        Assert.False(IsChecked(page, "AgreementReview-role-editor"));
        Assert.True(IsChecked(page, "AgreementReview-IncludeResponsible"));
        Assert.Null(page.QuerySelector("#MembershipRenewal-IncludeResponsible"));
        Assert.True(IsChecked(page, "AgreementReview-mode-Immediate"));
        var next = page.QuerySelector("#next-sweep")!.TextContent;
        Assert.Contains("Prochain balayage prévu le", next, StringComparison.Ordinal);
        Assert.Contains("08:00", next, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#run-form button"));
        Assert.Contains("Aucun rappel", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var dashboard = await admin.GetPageAsync("/marseille/admin");
        Assert.NotNull(dashboard.QuerySelector("a[href='/marseille/admin/reminders']"));
        Assert.Contains(marseille.DisplayName, dashboard.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saved_settings_are_shown_again_and_the_sweep_schedule_follows_the_new_hour_at_once()
    {
        var (marseille, admin, me) = await SignedInAsync();
        var colleague = await Data.CreateStaffAsync(marseille, MailDev.NewAddress("colleague"), Roles.Editor);

        var response = await admin.SubmitFormAsync("/marseille/admin/reminders", new Dictionary<string, string?>
        {
            ["Form.SweepHour"] = "6",
            ["Form.Rules[0].Offsets"] = "14,60",
            ["Form.Rules[0].Roles"] = "editor",
            ["Form.Rules[0].People"] = colleague.Id.ToString(),
            ["Form.Rules[0].IncludeResponsible"] = "false",
            ["Form.Rules[0].Mode"] = "DailyDigest",
            ["Form.Rules[1].Enabled"] = "false",
            ["Form.Rules[1].Offsets"] = "",
        }, "#reminders-form");

        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.Equal("/marseille/admin/reminders", response.Headers.Location!.OriginalString);
        var rules = await Data.InTenantAsync(marseille, db => db.Set<ReminderRule>().AsNoTracking().OrderBy(r => r.Subject).ToListAsync());
        Assert.Equal(2, rules.Count);
        Assert.Equal([60, 14], rules[0].OffsetDays);
        Assert.Equal(["editor"], rules[0].RecipientRoles);
        Assert.Equal([colleague.Id], rules[0].RecipientUserIds);
        Assert.Equal((false, ReminderMode.DailyDigest, true), (rules[0].IncludeResponsible, rules[0].Mode, rules[0].Enabled));
        Assert.False(rules[1].Enabled);
        Assert.Empty(rules[1].OffsetDays);
        Assert.Equal(6, (await Data.InTenantAsync(marseille, db => db.Set<ReminderSettings>().SingleAsync())).SweepHour);

        {
            var schedule = await TestData.SweepScheduleAsync(App.Services, marseille);
            Assert.NotNull(schedule);
            Assert.Equal((6, 0, "Europe/Paris", marseille.Id), (schedule.Hour, schedule.Minute, schedule.TimeZoneId, schedule.TenantId!.Value));
            var next = DailySchedules.Next(schedule.Hour, schedule.Minute, marseille.TimeZone, DateTimeOffset.UtcNow);
            var local = TimeZoneInfo.ConvertTime(next, marseille.TimeZone);
            Assert.Equal((6, 0), (local.Hour, local.Minute));
            Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromHours(25));
        }

        var page = await admin.GetPageAsync("/marseille/admin/reminders");
        Assert.Contains("Les réglages des rappels ont été enregistrés.", page.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("6", ValueOf(page, "SweepHour"));
        Assert.Equal("60, 14", ValueOf(page, "AgreementReview-Offsets"));
        Assert.True(IsChecked(page, "AgreementReview-role-editor"));
        Assert.False(IsChecked(page, "AgreementReview-role-tenant-admin"));
        Assert.True(IsChecked(page, $"AgreementReview-person-{colleague.Id}"));
        Assert.False(IsChecked(page, $"AgreementReview-person-{me.Id}"));
        Assert.False(IsChecked(page, "AgreementReview-IncludeResponsible"));
        Assert.True(IsChecked(page, "AgreementReview-mode-DailyDigest"));
        Assert.False(IsChecked(page, "MembershipRenewal-Enabled"));
        Assert.Contains("06:00", page.QuerySelector("#next-sweep")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_answer_422_with_each_message_next_to_its_field_and_save_nothing()
    {
        var (marseille, admin, _) = await SignedInAsync();

        var response = await admin.SubmitFormAsync("/marseille/admin/reminders", new Dictionary<string, string?>
        {
            ["Form.SweepHour"] = "24",
            ["Form.Rules[0].Offsets"] = "90, trente, 7",
            ["Form.Rules[0].People"] = Guid.NewGuid().ToString(),
            ["Form.Rules[1].Offsets"] = "0, 800",
        }, "#reminders-form");

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        foreach (var (field, message) in new[]
        {
            ("SweepHour", "Indiquez une heure entière entre 0 et 23."),
            ("AgreementReview-Offsets", "Indiquez des nombres entiers de jours"),
            ("AgreementReview-People", "Choisissez parmi les membres de l'équipe."),
            ("MembershipRenewal-Offsets", "Chaque délai doit être compris entre 1 et 730 jours."),
        })
        {
            Assert.Contains(message, page.QuerySelector($"#{field}-error")?.TextContent ?? $"(no error for {field})", StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector($"#error-summary a[href='#{field}']"));
            Assert.Contains($"{field}-error", page.QuerySelector($"#{field}")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        }
        Assert.Equal("true", page.QuerySelector("#SweepHour")!.GetAttribute("aria-invalid"));
        Assert.Equal("24", ValueOf(page, "SweepHour"));
        Assert.Equal("90, trente, 7", ValueOf(page, "AgreementReview-Offsets"));
        Assert.Equal("0, 800", ValueOf(page, "MembershipRenewal-Offsets"));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<ReminderRule>().CountAsync()));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<ReminderSettings>().CountAsync()));
    }

    [Theory]
    [InlineData("30, 30", "Each offset must appear only once.")]
    [InlineData("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11", "Enter at most 10 offsets.")]
    [InlineData("", "Enter at least one offset, or switch these reminders off.")]
    [InlineData("7.5", "Enter whole numbers of days separated by commas")]
    [InlineData("-7", "Enter whole numbers of days separated by commas")]
    [InlineData("731", "Each offset must be between 1 and 730 days.")]
    public async Task Offsets_are_checked_and_explained_in_english_too(string offsets, string message)
    {
        var (_, admin, _) = await SignedInAsync(culture: "en");

        var response = await admin.SubmitFormAsync("/marseille/admin/reminders", new Dictionary<string, string?>
        {
            ["Form.Rules[0].Offsets"] = offsets,
        }, "#reminders-form");

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector("#AgreementReview-Offsets-error")?.TextContent ?? "(no error)", StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#MembershipRenewal-Offsets-error"));
    }

    [Fact]
    public void Offsets_are_parsed_sorted_from_the_farthest()
    {
        Assert.Null(RemindersModel.ParseOffsets(" 7, 90 ;30 ", out var offsets));
        Assert.Equal([90, 30, 7], offsets);
        Assert.Null(RemindersModel.ParseOffsets("730 1", out var bounds));
        Assert.Equal([730, 1], bounds);
    }

    [Fact]
    public async Task An_editor_reads_the_settings_but_cannot_change_them_or_run_the_sweep()
    {
        var (marseille, editor, _) = await SignedInAsync(Roles.Editor);

        var page = await editor.GetPageAsync("/marseille/admin/reminders");
        Assert.NotNull(page.QuerySelector("#read-only"));
        Assert.NotNull(page.QuerySelector("#reminders-form fieldset[disabled]"));
        Assert.Null(page.QuerySelector("#reminders-form button[type=submit]"));
        Assert.Null(page.QuerySelector("#run-form"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var save = await editor.SubmitFormAsync("/marseille/admin/reminders", new Dictionary<string, string?> { ["Form.SweepHour"] = "5" }, "#reminders-form");
        var run = await editor.PostAsync("/marseille/admin/reminders?handler=Run", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        AssertStatus(HttpStatusCode.Forbidden, save);
        AssertStatus(HttpStatusCode.Forbidden, run);
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<ReminderSettings>().CountAsync()));
        await using var scope = App.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.AnyAsync(j => j.Kind == ReminderSweep.Kind));
    }

    [Fact]
    public async Task Run_now_queues_a_sweep_of_this_town_confirms_with_a_link_to_the_jobs_and_lists_the_reminder()
    {
        var (marseille, admin, _) = await SignedInAsync();
        var agreement = await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);

        var response = await admin.SubmitFormAsync("/marseille/admin/reminders", new Dictionary<string, string?>(), "#run-form");

        AssertStatus(HttpStatusCode.Redirect, response);
        var page = await admin.GetPageAsync("/marseille/admin/reminders");
        var confirmation = page.QuerySelector("#sweep-queued")!;
        Assert.Contains("Le balayage a été mis en file d'attente", confirmation.TextContent, StringComparison.Ordinal);
        Assert.Equal("/marseille/admin/jobs", confirmation.QuerySelector("a")!.GetAttribute("href"));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var job = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.Kind == ReminderSweep.Kind);
            Assert.Equal(marseille.Id, job.TenantId);
            Assert.StartsWith($"reminders.sweep/{marseille.Id:N}/manual/", job.IdempotencyKey, StringComparison.Ordinal);
            await Data.WaitForJobAsync(job.Id, JobState.Succeeded); // the sweep ran (in the worker), then its mail job
        }
        var delivery = Assert.Single(await Data.SettledDeliveriesAsync(marseille));
        Assert.Equal((agreement.Id, ReminderDeliveryState.Sent), (delivery.ItemId, delivery.State));

        page = await admin.GetPageAsync("/marseille/admin/reminders");
        var row = page.QuerySelector("table.reminder-history tbody tr")!;
        Assert.Contains("Serment Marseille–Gênes", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Envoyé", row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/marseille/admin/agreements/{agreement.Id}", row.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Each_item_shows_its_reminder_history_with_translated_states_and_reasons()
    {
        var (marseille, admin, _) = await SignedInAsync();
        var agreement = await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);
        var membership = await Data.AddMembershipAsync(marseille, "cuf", renewalOn: TestData.TodayIn(marseille).AddDays(30));
        await Data.InTenantAsync(marseille, async db =>
        {
            db.Add(new ReminderDelivery
            {
                Subject = ReminderSubject.AgreementReview, ItemId = agreement.Id, DueOn = agreement.NextReviewOn!.Value.AddDays(-10), OffsetDays = 30,
                PlannedOn = TestData.TodayIn(marseille).AddDays(-20), ItemTitle = agreement.Title, State = ReminderDeliveryState.Cancelled,
                CancelReason = ReminderMail.DateChanged, CreatedAt = DateTimeOffset.UtcNow.AddDays(-20),
            });
            return await db.SaveChangesAsync();
        });
        await Data.SweepRemindersAsync(marseille);
        await Data.SettledDeliveriesAsync(marseille);

        var page = await admin.GetPageAsync($"/marseille/admin/agreements/{agreement.Id}");
        var rows = page.QuerySelectorAll("#reminder-history tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains(agreement.NextReviewOn!.Value.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr")), rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("J-7", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Envoyé", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("J-30", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Annulé", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("La date a changé", rows[1].TextContent, StringComparison.Ordinal);

        var english = await admin.GetPageAsync($"/marseille/admin/agreements/{agreement.Id}?lang=en");
        var first = english.QuerySelector("#reminder-history tbody tr")!.TextContent;
        Assert.Contains("7 days before", first, StringComparison.Ordinal);
        Assert.Contains("Sent", first, StringComparison.Ordinal);

        var membershipPage = await admin.GetPageAsync($"/marseille/admin/networks/{membership.Id}?lang=fr");
        var membershipRow = membershipPage.QuerySelector("#reminder-history tbody tr")!.TextContent;
        Assert.Contains("J-30", membershipRow, StringComparison.Ordinal);
        Assert.Contains("Envoyé", membershipRow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_module_the_page_is_not_found_and_items_show_no_reminder_history()
    {
        var (marseille, admin, _) = await SignedInAsync(modules: TestData.WithNetworks);
        var agreement = await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);
        var membership = await Data.AddMembershipAsync(marseille, "cuf", renewalOn: TestData.TodayIn(marseille).AddDays(30));

        AssertStatus(HttpStatusCode.NotFound, await admin.GetAsync("/marseille/admin/reminders"));
        Assert.Null((await admin.GetPageAsync($"/marseille/admin/agreements/{agreement.Id}")).QuerySelector("#reminder-history"));
        Assert.Null((await admin.GetPageAsync($"/marseille/admin/networks/{membership.Id}")).QuerySelector("#reminder-history"));
        Assert.Null((await admin.GetPageAsync("/marseille/admin")).QuerySelector("a[href='/marseille/admin/reminders']"));
    }
}

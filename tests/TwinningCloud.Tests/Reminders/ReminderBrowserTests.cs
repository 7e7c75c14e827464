using System.Globalization;
using Microsoft.Playwright;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using static Microsoft.Playwright.Assertions;
using TwinningCloud.Tests.Browser;

namespace TwinningCloud.Tests.Reminders;

[Trait("Category", TestCategories.Browser)]
public sealed class ReminderBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task An_admin_sets_a_review_date_7_days_ahead_runs_the_sweep_and_the_mail_arrives_and_shows_in_the_history()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: TestData.WithReminders);
        var admin = MailDev.NewAddress("admin");
        await Data.CreateStaffAsync(marseille, admin, Roles.TenantAdmin);
        var city = await Data.AddPartnerCityAsync(marseille, "Gênes");
        var agreement = await Data.AddAgreementAsync(marseille, "Serment de jumelage Marseille–Gênes", [city.Id]);
        var review = TestData.TodayIn(marseille).AddDays(7);

        await Page.GotoAsync("/marseille/sign-in");
        await Page.GetByLabel("Adresse électronique").FillAsync(admin);
        await Page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Page.GotoAsync($"/marseille/admin/agreements/{agreement.Id}");
        var form = Page.Locator("#agreement-form");
        await form.GetByLabel("Prochaine révision").FillAsync(review.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).First.ClickAsync();
        await Expect(Page.Locator(".alert-success")).ToBeVisibleAsync();

        await Page.GotoAsync("/marseille/admin/reminders");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Lancer le balayage maintenant" }).ClickAsync();
        await Expect(Page.Locator("#sweep-queued")).ToContainTextAsync("Le balayage a été mis en file d'attente");

        var mail = await MailDev.WaitForAsync(admin, timeout: TimeSpan.FromSeconds(30));
        Assert.Equal($"Ville de Marseille : révision de « Serment de jumelage Marseille–Gênes » le {review.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", mail.Subject);
        var link = new Uri(MailDev.LinkIn(mail));
        Assert.Equal($"/marseille/admin/agreements/{agreement.Id}", link.AbsolutePath);

        await Page.GotoAsync(link.PathAndQuery);
        var history = Page.Locator("#reminder-history tbody tr").First;
        // The mail is handed to the SMTP server before its sent mark commits (the crash window): on a busy machine the
        // page may still show it planned for a moment. Reload until the first row's state is "sent" (at most 30 s).
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await history.GetAttributeAsync("data-state") != "sent" && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
            await Page.ReloadAsync();
        }
        await Expect(history).ToContainTextAsync("Envoyé");
        await Expect(history).ToContainTextAsync("J-7");
        await Expect(history).ToContainTextAsync(admin);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Rappels" })).ToBeVisibleAsync();

        // The jobs page shows the sweep and the reminder's mail job, succeeded; a search finds the mail job by its item.
        await Page.GotoAsync("/marseille/admin/jobs");
        await Page.Locator("#q").FillAsync("Marseille–Gênes");
        await Page.Locator("form.filters").GetByRole(AriaRole.Button).First.ClickAsync();
        var mailJob = Page.Locator("table.data-table tbody tr", new() { HasText = "Courriel de rappel" });
        await Expect(mailJob).ToHaveCountAsync(1);
        await Expect(mailJob).ToContainTextAsync("Serment de jumelage Marseille–Gênes");
        await Expect(mailJob).ToContainTextAsync("Réussie");
        await Page.GotoAsync("/marseille/admin/jobs?state=succeeded");
        await Expect(Page.Locator("table.data-table tbody tr", new() { HasText = "Balayage des rappels" })).ToHaveCountAsync(1);
    }
}

using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Identity;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Collectives;

/// <summary>
/// The issue's "done when", in Chromium: a citizen signs up with the keyboard alone, confirms from the real mail, receives an
/// announcement, answers a meeting invitation from the mail's link, downloads then erases; axe-core on every page.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class CollectivesBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    /// <summary>Presses Tab until the element with <paramref name="id"/> has the focus (it must be reachable by keyboard).</summary>
    private async Task TabToAsync(string id)
    {
        for (var i = 0; i < 80; i++)
        {
            if (await Page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") == id)
            {
                return;
            }
            await Page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"#{id} cannot be reached with the Tab key");
    }

    /// <summary>Presses Tab until the link reading <paramref name="text"/> has the focus.</summary>
    private async Task TabToLinkAsync(string text)
    {
        for (var i = 0; i < 80; i++)
        {
            if (await Page.EvaluateAsync<string>("() => document.activeElement?.tagName === 'A' ? document.activeElement.textContent.trim() : ''") == text)
            {
                return;
            }
            await Page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"the link '{text}' cannot be reached with the Tab key");
    }

    private static async Task<List<string>> AxeAsync(IPage page, string address)
    {
        var response = await page.GotoAsync(address);
        Assert.True(response!.Status is 200 or 422, $"{address}: {response.Status}");
        return await Axe.HereAsync(page, address);
    }

    [Fact]
    public async Task A_citizen_signs_up_with_the_keyboard_alone_confirms_from_the_mail_receives_an_announcement_answers_a_meeting_invitation_downloads_then_erases_their_data()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var city = await Data.AddPartnerCityAsync(bagnolet, "Sesto Fiorentino");
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Sesto Fiorentino", cityId: city.Id);
        var email = MailDev.NewAddress("keyboard", "bagnolet.fr");
        const string name = "Léonie Clavier";

        await Page.GotoAsync($"/bagnolet/partner-cities/{city.Slug}");
        await TabToLinkAsync("Collectif Sesto Fiorentino");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Collectif Sesto Fiorentino");

        await TabToAsync("Name");
        await Page.Keyboard.TypeAsync(name);
        await TabToAsync("Email");
        await Page.Keyboard.TypeAsync(email);
        await TabToAsync("Neighbourhood");
        await Page.Keyboard.TypeAsync("Centre");
        await TabToAsync("Consent");
        await Page.Keyboard.PressAsync("Space");
        await TabToAsync("signup-submit");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#signup-sent")).ToBeVisibleAsync();

        var mail = await MailDev.WaitForAsync(email);
        await Page.GotoAsync(MailDev.LinkIn(mail));
        await TabToAsync("confirm-button");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#confirm-outcome")).ToContainTextAsync("vous êtes membre");

        // Staff send an announcement: the new member receives it.
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr");
        var announcements = $"/bagnolet/admin/collectives/{collective.Id}/announcements";
        var form = await staff.GetPageAsync(announcements);
        var sent = await staff.PostAsync(announcements + "?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Subject"] = "Bienvenue dans le collectif", ["Body"] = "Première réunion **bientôt**.",
        }));
        AssertStatus(System.Net.HttpStatusCode.Redirect, sent);
        var announcement = await MailDev.WaitForAsync(email, m => m.Subject.Contains("Bienvenue dans le collectif", StringComparison.Ordinal));
        Assert.Contains("Première réunion bientôt", announcement.Text, StringComparison.Ordinal);

        // Staff invite the members to a meeting: the citizen answers from the mail's link, with the keyboard.
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, paris).DateTime).AddDays(7);
        AssertStatus(System.Net.HttpStatusCode.Redirect, await staff.SubmitFormAsync($"/bagnolet/admin/collectives/{collective.Id}/meetings", new Dictionary<string, string?>
        {
            ["Form.Title"] = "Réunion de rentrée", ["Form.Date"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Start"] = "18:30", ["Form.End"] = "20:00", ["Form.Place"] = "Salle des fêtes",
        }, "#meeting-form"));
        var invitation = await MailDev.WaitForAsync(email, m => m.Subject.Contains("Réunion de rentrée", StringComparison.Ordinal));
        await Page.GotoAsync(TestData.RsvpLinkIn(invitation));
        await TabToAsync("rsvp-yes");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#rsvp-saved")).ToContainTextAsync("Oui, je viendrai");

        // "My collectives" by a sign-in link.
        await Page.GotoAsync("/bagnolet/collectives/mine");
        await TabToAsync("request-email");
        await Page.Keyboard.TypeAsync(email);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#notice")).ToBeVisibleAsync();
        var signIn = await MailDev.WaitForAsync(email, m => m.Subject.Contains("connexion", StringComparison.Ordinal));
        await Page.GotoAsync(MailDev.LinkIn(signIn));
        await TabToAsync("sign-in-button");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "Collectif Sesto Fiorentino" })).ToBeVisibleAsync();

        await TabToAsync("download-button");
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Keyboard.PressAsync("Enter"));
        var path = await download.PathAsync();
        var json = await File.ReadAllTextAsync(path!);
        Assert.Contains(name, json, StringComparison.Ordinal);
        Assert.Contains("J'accepte que la mairie conserve", json, StringComparison.Ordinal);
        Assert.Contains("Bienvenue dans le collectif", json, StringComparison.Ordinal);
        Assert.Contains("\"answer\": \"Yes\"", json, StringComparison.Ordinal);

        await TabToAsync("confirm-erase");
        await Page.Keyboard.PressAsync("Space");
        await TabToAsync("erase-button");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#notice")).ToContainTextAsync("effacées");
        Assert.Empty(await TestData.CellsContainingAsync(App.ConnectionString, email));
        Assert.Empty(await TestData.CellsContainingAsync(App.ConnectionString, name));
    }

    [Fact]
    public async Task Every_citizen_and_staff_page_of_collectives_has_no_axe_violation_in_french_and_english()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var city = await Data.AddPartnerCityAsync(bagnolet, "Akbou", "DZ");
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou", capacity: 10, asked: AskedFields.Phone | AskedFields.Neighbourhood | AskedFields.Languages | AskedFields.HowToHelp, cityId: city.Id);
        var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("axe", "bagnolet.fr"), "Axe Person");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, "asks@bagnolet.test", "Asking Person", MemberStatus.Requested);
        var pending = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, "pending@bagnolet.test", "Pending Person", MemberStatus.Unconfirmed);
        var meeting = await Data.AddMeetingAsync(bagnolet, collective.Id, "Réunion de rentrée", DateTimeOffset.UtcNow.AddDays(5), agenda: "1. **Bilan** du voyage\n2. Projets");
        var project = await Data.InTenantAsync(bagnolet, async db =>
        {
            var p = new TwinningCloud.Web.Features.Collectives.MicroProjects.MicroProject { CollectiveId = collective.Id, Title = "Jardin partagé", Description = "Planter ensemble.", VolunteersWanted = 3 };
            db.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var rsvp = TestData.RsvpLinkIn(await MailDev.WaitForAsync(member.Email, m => m.Subject.Contains("Réunion de rentrée", StringComparison.Ordinal)));
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        var violations = new List<string>();
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        foreach (var language in new[] { "fr", "en" })
        {
            var confirm = await Data.IssueConfirmLinkAsync(bagnolet, pending.Id, pending.Email);
            foreach (var url in new[]
            {
                "/bagnolet/collectives", $"/bagnolet/collectives/{collective.Id}", "/bagnolet/collectives/mine", $"/bagnolet/collectives/confirm?t={confirm}",
                $"/bagnolet/partner-cities/{city.Slug}", rsvp, "/bagnolet/collectives/projects/volunteer",
            })
            {
                violations.AddRange(await AxeAsync(page, url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + language));
            }
        }
        // The signed-in citizen's page (from a real sign-in link).
        await page.GotoAsync("/bagnolet/collectives/mine?lang=fr");
        await page.GetByLabel("Adresse électronique").FillAsync(member.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien" }).ClickAsync();
        var signIn = await MailDev.WaitForAsync(member.Email, m => m.Subject.Contains("connexion", StringComparison.Ordinal));
        violations.AddRange(await AxeAsync(page, new Uri(MailDev.LinkIn(signIn)).PathAndQuery));
        await page.Locator("#sign-in-button").ClickAsync();
        await Expect(page.Locator("#download-button")).ToBeVisibleAsync();
        foreach (var language in new[] { "fr", "en" })
        {
            violations.AddRange(await AxeAsync(page, "/bagnolet/collectives/mine?lang=" + language));
            violations.AddRange(await AxeAsync(page, $"/bagnolet/collectives/{collective.Id}?lang=" + language)); // with the volunteer buttons
        }
        await page.GotoAsync("/bagnolet/sign-in?lang=fr");
        await page.GetByLabel("Adresse électronique").FillAsync("editor@bagnolet.fr");
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        foreach (var language in new[] { "fr", "en" })
        {
            foreach (var url in new[]
            {
                "/bagnolet/admin/collectives", "/bagnolet/admin/collectives/edit", $"/bagnolet/admin/collectives/edit/{collective.Id}",
                $"/bagnolet/admin/collectives/{collective.Id}/members", $"/bagnolet/admin/collectives/{collective.Id}/announcements",
                $"/bagnolet/admin/collectives/{collective.Id}/meetings", $"/bagnolet/admin/collectives/meetings/{meeting.Id}",
                $"/bagnolet/admin/collectives/{collective.Id}/projects", $"/bagnolet/admin/collectives/projects/{project.Id}",
            })
            {
                violations.AddRange(await AxeAsync(page, url + "?lang=" + language));
            }
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Features.Collectives.Questions;
using TwinningCloud.Web.Platform.Identity;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Collectives;

/// <summary>axe-core on every page of coordinators and questions, in French and English (the coordinator's, the member's, the staff's, the twinnings list).</summary>
[Trait("Category", TestCategories.Browser)]
public sealed class CoordinatorsBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    /// <summary>Each address in French and English: the axe-core violations found (each page must answer 2xx).</summary>
    private static async Task<List<string>> AxeAsync(IPage page, params string[] addresses)
    {
        var found = new List<string>();
        foreach (var language in new[] { "fr", "en" })
        {
            foreach (var address in addresses)
            {
                found.AddRange(await Axe.AtAsync(page, Axe.WithLanguage(address, language)));
            }
        }
        return found;
    }

    [Fact]
    public async Task Every_page_of_coordinators_and_questions_has_no_axe_violation_in_french_and_english()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var city = await Data.AddPartnerCityAsync(bagnolet, "Akbou", "DZ");
        await Data.AddAgreementAsync(bagnolet, "Jumelage Bagnolet–Akbou", [city.Id]);
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou", cityId: city.Id, asked: AskedFields.Neighbourhood | AskedFields.HowToHelp);
        var email = MailDev.NewAddress("axe-coord", "bagnolet.fr");
        var coordinator = await Data.AddCoordinatorMemberAsync(bagnolet, collective.Id, email, "Coordinatrice Axe", shown: true);
        var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("axe-member", "bagnolet.fr"), "Membre Axe");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, "asks-axe@bagnolet.test", "Demande Axe", MemberStatus.Requested);
        await Data.AddQuestionAsync(bagnolet, member, "Une question publiée,\navec deux lignes.", QuestionStatus.Published, "Une réponse.");
        await Data.AddQuestionAsync(bagnolet, member, "Une question en attente.");
        await Data.AddQuestionAsync(bagnolet, coordinator, "Ma proposition en attente.");
        var invitation = await Data.IssueInvitationPathAsync(bagnolet, member.Id, member.Email);
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);

        var violations = new List<string>();
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        violations.AddRange(await AxeAsync(page, "/bagnolet/twinnings", "/bagnolet/collectives/coordinate", invitation));
        await Expect(page.Locator("#accept-button")).ToBeVisibleAsync();

        // The coordinator signs in by the magic link of "My collectives".
        await page.GotoAsync("/bagnolet/collectives/mine?lang=fr");
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien" }).ClickAsync();
        var signIn = await MailDev.WaitForAsync(email, m => m.Subject.Contains("connexion", StringComparison.Ordinal));
        await page.GotoAsync(new Uri(MailDev.LinkIn(signIn)).PathAndQuery);
        await page.Locator("#sign-in-button").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Coordonner mes collectifs" })).ToBeVisibleAsync();
        violations.AddRange(await AxeAsync(page,
            "/bagnolet/collectives/mine", "/bagnolet/collectives/coordinate", $"/bagnolet/collectives/{collective.Id}/exchange",
            $"/bagnolet/collectives/coordinate/{collective.Id}/members", $"/bagnolet/collectives/coordinate/{collective.Id}/announcements",
            $"/bagnolet/collectives/coordinate/{collective.Id}/questions", $"/bagnolet/collectives/coordinate/{collective.Id}/questions?status=Published"));

        await page.GotoAsync("/bagnolet/sign-in?lang=fr");
        await page.GetByLabel("Adresse électronique").FillAsync("editor@bagnolet.fr");
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
        violations.AddRange(await AxeAsync(page,
            $"/bagnolet/admin/collectives/{collective.Id}/coordinators", $"/bagnolet/admin/collectives/{collective.Id}/questions",
            $"/bagnolet/admin/collectives/{collective.Id}/members"));

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

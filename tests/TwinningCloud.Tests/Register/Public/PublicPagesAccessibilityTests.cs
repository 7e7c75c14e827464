using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Tests.Register.Public;

/// <summary>
/// axe-core (npm, from tools/test-env) run in Chromium on every public page, in French and English:
/// no WCAG 2.1 A/AA violation. The app's CSP forbids injected scripts, so this test's browser context bypasses it.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class PublicPagesAccessibilityTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task Every_public_page_has_no_WCAG_2_1_AA_violation_in_French_and_English()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements, ModuleKeys.NetworkMemberships]);
        var genoa = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        var dakar = await Data.AddCityAsync(marseille, "Dakar", "SN", 14.69, -17.44);
        var marrakech = await Data.AddCityAsync(marseille, "Marrakech", "MA", 31.63, -8.01);
        await Data.AddAgreementAsync(marseille, "Jumelage Marseille–Gênes", AgreementKind.TwinningOath, [genoa], ["culture", "heritage"],
            new DateOnly(1958, 3, 12), events: (AgreementEventKind.Renewed, new DateOnly(1991, 5, 23), DatePrecision.Day));
        await Data.AddAgreementAsync(marseille, "Accord Marrakech–Marseille–Dakar", AgreementKind.CooperationAgreement, [marrakech, dakar], ["health"], new DateOnly(2009, 11, 2));
        await Data.AddMembershipAsync(marseille, "aimf", MembershipRole.FoundingMember, 1979);
        await Data.AddMembershipAsync(marseille, "cglu-med");

        var pages = new[]
        {
            "/marseille/", "/marseille/twinnings", "/marseille/twinnings?domain=health&country=SN", "/marseille/partner-cities",
            $"/marseille/partner-cities/{genoa.Slug}", "/marseille/networks", "/marseille/no-such-page",
        };
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        var checkedPages = 0;
        foreach (var language in new[] { "fr", "en" })
        {
            foreach (var url in pages)
            {
                violations.AddRange(await Axe.CheckAsync(page, url, language)); // the 404 page too: no status asserted
                checkedPages++;
            }
        }

        Assert.Equal(14, checkedPages);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task Map_pins_are_reached_with_the_keyboard_and_named_for_screen_readers()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var genoa = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        await Data.AddAgreementAsync(marseille, "Jumelage Marseille–Gênes", AgreementKind.TwinningOath, [genoa], ["culture"], new DateOnly(1958, 3, 12));

        await Page.GotoAsync("/marseille/twinnings");
        var pin = Page.Locator("figure.world-map svg a");
        await Microsoft.Playwright.Assertions.Expect(pin).ToHaveAccessibleNameAsync("Gênes (Italie)");
        await pin.FocusAsync();
        await Microsoft.Playwright.Assertions.Expect(pin).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Microsoft.Playwright.Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/marseille/partner-cities/genes$"));
        await Microsoft.Playwright.Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Gênes");
    }
}

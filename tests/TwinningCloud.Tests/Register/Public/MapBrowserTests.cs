using System.Globalization;
using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Register.Public;

/// <summary>
/// The public map on a phone (390 px) and a desktop: no sideways scrolling, zoom and pan with the
/// keyboard and the buttons, close pins grouped and parted by a tap, the town marked; axe-core finds
/// no WCAG 2.1 AA violation in French and English at both widths.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class MapBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    private const string LongDomain = "Coopération-décentralisée-et-développement-économique-durable-des-territoires-transfrontaliers";

    /// <summary>Marseille (its position known) with three Italian cities close together, Tokyo far away, and a long domain name.</summary>
    private async Task<TenantInfo> RegisterAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        marseille = await Data.SetTownPositionAsync(marseille, 43.2965, 5.3698);
        await Data.InTenantAsync(marseille, db =>
        {
            db.Add(new CooperationDomain { Key = "long", NameFr = LongDomain, NameEn = LongDomain });
            return db.SaveChangesAsync();
        });
        var genoa = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        var turin = await Data.AddCityAsync(marseille, "Turin", "IT", 45.07, 7.69);
        var milan = await Data.AddCityAsync(marseille, "Milan", "IT", 45.46, 9.19);
        var tokyo = await Data.AddCityAsync(marseille, "Tokyo", "JP", 35.68, 139.69);
        await Data.AddAgreementAsync(marseille, "Jumelage Marseille–Gênes", AgreementKind.TwinningOath, [genoa], ["culture", "long"], new DateOnly(1958, 3, 12));
        await Data.AddAgreementAsync(marseille, "Accord des villes du nord de l'Italie", AgreementKind.CooperationAgreement, [turin, milan], ["health"], new DateOnly(2001, 5, 2));
        await Data.AddAgreementAsync(marseille, "Accord Marseille–Tokyo", AgreementKind.CooperationAgreement, [tokyo], ["health"], new DateOnly(2009, 11, 2));
        return marseille;
    }

    private async Task<IPage> PhoneAsync(bool bypassCsp = false)
    {
        var context = await Page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'), Locale = "fr-FR", ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true, IsMobile = true, DeviceScaleFactor = 1, BypassCSP = bypassCsp,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private static async Task<double[]> ViewBoxAsync(IPage page) =>
        ((await page.Locator("figure.world-map svg").GetAttributeAsync("viewBox"))!)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task At_390_px_the_twinnings_page_does_not_scroll_sideways_and_the_map_zooms_and_pans_with_the_keyboard()
    {
        await RegisterAsync();
        var phone = await PhoneAsync();
        await phone.GotoAsync("/marseille/twinnings");

        await Expect(phone.Locator(".public-agreement .badge", new() { HasTextString = LongDomain })).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            $"the page is {await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide at 390 px");

        var zoomIn = phone.GetByRole(AriaRole.Button, new() { Name = "Zoomer sur la carte" });
        await Expect(zoomIn).ToBeVisibleAsync();
        var size = (await zoomIn.BoundingBoxAsync())!;
        Assert.True(size.Width >= 44 && size.Height >= 44, $"the zoom button is {size.Width}×{size.Height} px");

        var map = phone.Locator("figure.world-map svg");
        await map.FocusAsync();
        var whole = await ViewBoxAsync(phone);
        await phone.Keyboard.PressAsync("+");
        await Expect(phone.Locator("figure.world-map")).ToHaveAttributeAsync("data-zoom", "2");
        var zoomed = await ViewBoxAsync(phone);
        Assert.Equal(whole[2] / 2, zoomed[2], 1);
        await phone.Keyboard.PressAsync("ArrowRight");
        var panned = await ViewBoxAsync(phone);
        Assert.True(panned[0] > zoomed[0], $"ArrowRight did not move the map east ({zoomed[0]} → {panned[0]})");
        await phone.Keyboard.PressAsync("-");
        await Expect(phone.Locator("figure.world-map")).ToHaveAttributeAsync("data-zoom", "1");

        await zoomIn.TapAsync();
        await Expect(phone.Locator("figure.world-map")).ToHaveAttributeAsync("data-zoom", "2");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Afficher le monde entier" }).TapAsync();
        await Expect(phone.Locator("figure.world-map")).ToHaveAttributeAsync("data-zoom", "1");
        await Expect(phone.GetByRole(AriaRole.Img, new() { Name = "Ville de Marseille (notre ville)" })).ToHaveCountAsync(1);
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task Tapping_a_group_of_close_pins_zooms_in_until_they_part_and_a_pin_leads_to_the_citys_readable_page()
    {
        await RegisterAsync();
        var phone = await PhoneAsync();
        await phone.GotoAsync("/marseille/twinnings");

        var group = phone.GetByRole(AriaRole.Button, new() { Name = "3 villes partenaires ici : zoomer" });
        await Expect(group).ToBeVisibleAsync();
        await Expect(phone.Locator("figure.world-map a.world-map-pin:visible")).ToHaveCountAsync(1); // Tokyo alone
        var box = (await group.BoundingBoxAsync())!;
        Assert.True(box.Width >= 44 && box.Height >= 44, $"the group's target is {box.Width}×{box.Height} px");

        await group.TapAsync();

        await Expect(group).ToHaveCountAsync(0);
        var genoa = phone.Locator("figure.world-map a.world-map-pin:visible").Filter(new() { Has = phone.Locator("title", new() { HasTextString = "Gênes" }) });
        await Expect(genoa).ToHaveCountAsync(1);
        foreach (var name in new[] { "Turin", "Milan" })
        {
            await Expect(phone.Locator("figure.world-map a.world-map-pin:visible").Filter(new() { Has = phone.Locator("title", new() { HasTextString = name }) })).ToHaveCountAsync(1);
        }
        var pinBox = (await genoa.BoundingBoxAsync())!;
        Assert.True(pinBox.Width >= 44 && pinBox.Height >= 44, $"a pin's target is {pinBox.Width}×{pinBox.Height} px");
        await genoa.FocusAsync();
        await phone.Keyboard.PressAsync("Enter");
        await Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/marseille/partner-cities/genes$"));
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Gênes");
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task The_map_pages_have_no_WCAG_2_1_AA_violation_in_French_and_English_on_a_desktop_and_at_390_px()
    {
        await RegisterAsync();
        var violations = new List<string>();
        var checkedPages = 0;
        foreach (var width in new[] { 1280, 390 })
        {
            await using var context = await Page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = App.BaseAddress.ToString().TrimEnd('/'), Locale = "fr-FR", BypassCSP = true,
                ViewportSize = new ViewportSize { Width = width, Height = 900 },
            });
            var page = await context.NewPageAsync();
            foreach (var language in new[] { "fr", "en" })
            {
                foreach (var url in new[] { "/marseille/", "/marseille/twinnings", "/marseille/twinnings?domain=health", "/marseille/partner-cities", "/marseille/partner-cities/genes" })
                {
                    var address = url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + language;
                    await page.GotoAsync(address);
                    Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
                    if (url.Contains("twinnings", StringComparison.Ordinal))
                    {
                        await Expect(page.Locator(".world-map-controls")).ToBeVisibleAsync(); // the script ran: the interactive map is checked
                        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), $"{address} scrolls sideways at {width} px");
                    }
                    violations.AddRange(await Axe.HereAsync(page, $"{width} px {address}"));
                    checkedPages++;
                }
            }
        }

        Assert.Equal(20, checkedPages);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

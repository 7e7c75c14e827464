using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Onboarding;

/// <summary>
/// In Chromium: a town the operator creates is "coming soon" and unlisted, its admin prepares it with the
/// dashboard's checklist (an agreement with a partner city created inline) and publishes it; the dashboard's
/// figures; the top menu on one line at 1280 px; axe-core on every page touched, French and English, desktop and 390 px.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class OnboardingBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    private const string MeasureMenu = """
        () => {
          const ul = document.querySelector('.main-nav ul');
          const items = [...ul.children];
          const rows = new Set(items.map(li => Math.round(li.getBoundingClientRect().top))).size;
          const itemHeight = Math.max(...items.map(li => li.getBoundingClientRect().height));
          return { rows, items: items.length, height: ul.getBoundingClientRect().height, itemHeight, overflow: ul.scrollWidth - ul.clientWidth };
        }
        """;

    [Fact]
    public async Task An_operator_creates_a_town_it_is_coming_soon_until_its_admin_prepares_it_with_the_checklist_and_publishes_it()
    {
        await Data.EnsureOperatorAsync();
        await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var violations = new List<string>();
        await using var operatorContext = await NewContextAsync();
        var op = await operatorContext.NewPageAsync();
        await op.GotoAsync("/sign-in");
        await op.GetByLabel("Adresse électronique").FillAsync(TestUsers.OperatorEmail);
        await op.GetByLabel("Mot de passe").FillAsync(TestUsers.OperatorPassword);
        await op.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await op.GotoAsync("/platform/tenants/edit");
        await Expect(op.Locator("main")).ToContainTextAsync("Une nouvelle ville commence en préparation");
        await op.Locator("#DisplayName").FillAsync("Ville de Villeneuve");
        await op.Locator("#Slug").FillAsync("villeneuve");
        await op.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        var row = op.Locator("tbody tr").Filter(new() { HasText = "/villeneuve" });
        await Expect(row).ToContainTextAsync("En préparation");
        var town = (await App.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync("villeneuve"))!;
        violations.AddRange(await Axe.EverywhereAsync(op, "/platform/tenants", $"/platform/tenants/edit/{town.Id}"));

        await using var visitorContext = await NewContextAsync();
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync("/villeneuve/");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ville de Villeneuve : bientôt en ligne");
        await Expect(visitor.Locator("meta[name=robots]")).ToHaveAttributeAsync("content", "noindex");
        violations.AddRange(await Axe.EverywhereAsync(visitor, "/villeneuve/", "/villeneuve/twinnings"));
        await visitor.GotoAsync("/?lang=fr");
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Ville de Marseille" })).ToBeVisibleAsync();
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Ville de Villeneuve" })).ToHaveCountAsync(0);

        await Data.CreateStaffAsync(town, "admin@villeneuve.fr", Roles.TenantAdmin);
        await using var adminContext = await NewContextAsync();
        var admin = await adminContext.NewPageAsync();
        await admin.GotoAsync("/villeneuve/sign-in");
        await admin.GetByLabel("Adresse électronique").FillAsync("admin@villeneuve.fr");
        await admin.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await admin.GotoAsync("/villeneuve/admin");
        var checklist = admin.Locator("#onboarding");
        await Expect(checklist.GetByRole(AriaRole.Heading, new() { Name = "Préparer votre site" })).ToBeVisibleAsync();
        await Expect(checklist).ToContainTextAsync("0 étapes faites sur 5.");
        violations.AddRange(await Axe.EverywhereAsync(admin, "/villeneuve/admin", "/villeneuve/admin/agreements", "/villeneuve/admin/partner-cities",
            "/villeneuve/admin/agreements/new", "/villeneuve/twinnings"));

        // From the checklist to the agreement form: no partner city yet, one is added inline, nothing typed is lost.
        await admin.GotoAsync("/villeneuve/admin?lang=fr");
        await checklist.GetByRole(AriaRole.Link, new() { Name = "Ajouter un accord" }).ClickAsync();
        var form = admin.Locator("#agreement-form");
        await Expect(form.Locator("#PartyIds-hint")).ToContainTextAsync("Aucune ville partenaire pour l'instant");
        await form.GetByLabel("Type d'accord").SelectOptionAsync("CooperationAgreement");
        await form.GetByLabel("Intitulé").FillAsync("Accord de coopération Villeneuve–Tunis");
        await form.GetByLabel("Signé le").FillAsync("2019-06-24");
        await form.GetByLabel("Nom de la nouvelle ville").FillAsync("Tunis");
        await form.GetByLabel("Son pays").FillAsync("TN");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajouter cette ville partenaire" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Status)).ToContainTextAsync("Tunis a été ajoutée");
        await Expect(form.GetByLabel("Tunis", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(form.GetByLabel("Intitulé")).ToHaveValueAsync("Accord de coopération Villeneuve–Tunis");
        await Expect(form.GetByLabel("Signé le")).ToHaveValueAsync("2019-06-24");
        violations.AddRange(await Axe.CheckAsync(admin, "current", "fr"));
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(admin.Locator(".alert-success")).ToContainTextAsync("Accord de coopération Villeneuve–Tunis");

        await admin.GotoAsync("/villeneuve/admin");
        await Expect(admin.Locator("#checklist-partner-cities")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-done"));
        await Expect(admin.Locator("#checklist-agreements")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-done"));
        await Expect(admin.Locator("#checklist-team")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-todo"));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Publier le site" }).ClickAsync();
        await Expect(admin.Locator(".alert-success")).ToContainTextAsync("Le site est publié");
        await Expect(admin.Locator("#onboarding")).ToHaveCountAsync(0);
        violations.AddRange(await Axe.EverywhereAsync(admin, "/villeneuve/admin"));

        await visitor.GotoAsync("/villeneuve/?lang=fr");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ville de Villeneuve, ouverte sur le monde");
        await Expect(visitor.Locator("meta[name=robots]")).ToHaveCountAsync(0);
        await visitor.GotoAsync("/villeneuve/twinnings");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Accord de coopération Villeneuve–Tunis" })).ToBeVisibleAsync();
        await visitor.GotoAsync("/");
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Ville de Villeneuve" })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("En préparation"); // the operator's list, until reloaded
        await op.ReloadAsync();
        await Expect(op.Locator("tbody tr").Filter(new() { HasText = "/villeneuve" })).ToContainTextAsync("Publié");

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task The_dashboard_shows_the_figures_and_due_dates_and_the_top_menu_stays_on_one_line_at_1280_px()
    {
        var modules = new[] { ModuleKeys.Agreements, ModuleKeys.NetworkMemberships, ModuleKeys.Collectives, ModuleKeys.Reminders, ModuleKeys.FederationDirectory };
        var town = await Data.CreateTenantAsync("villeneuve-sur-mer", "Ville de Villeneuve-sur-Mer", modules: modules);
        await Data.CreateStaffAsync(town, "admin@villeneuve.fr", Roles.TenantAdmin);
        await Data.EnsureOperatorAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, town.TimeZone).DateTime);
        var genoa = await Data.AddCityAsync(town, "Gênes", "IT", 44.41, 8.93);
        await Data.AddAgreementWithReviewAsync(town, "Jumelage Villeneuve–Gênes", AgreementStatus.Active, today.AddDays(30), [genoa.Id]);
        await Data.AddAgreementWithReviewAsync(town, "Charte méditerranéenne", AgreementStatus.Draft, null);
        await Data.AddMembershipAsync(town, "aimf", renewalOn: today.AddDays(60));

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/villeneuve-sur-mer/sign-in");
        await page.GetByLabel("Adresse électronique").FillAsync("admin@villeneuve.fr");
        await page.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GotoAsync("/villeneuve-sur-mer/admin");

        var figures = page.Locator("ul.figures");
        await Expect(figures.Locator(".figure").First).ToContainTextAsync("2");
        await Expect(figures).ToContainTextAsync("En vigueur : 1");
        await Expect(figures).ToContainTextAsync("Projet : 1");
        await Expect(figures.GetByRole(AriaRole.Link, new() { Name = "1 Villes partenaires" })).ToBeVisibleAsync();
        await Expect(figures.GetByRole(AriaRole.Link, new() { Name = "1 Adhésions à des réseaux" })).ToBeVisibleAsync();
        var due = page.Locator("section[aria-labelledby=due-title]");
        await Expect(due.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Échéances des 90 prochains jours");
        await Expect(due.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(due.Locator("tbody tr").First).ToContainTextAsync("dans 30 jours");
        await due.GetByRole(AriaRole.Link, new() { Name = "Jumelage Villeneuve–Gênes" }).ClickAsync();
        await Expect(page.GetByLabel("Intitulé")).ToHaveValueAsync("Jumelage Villeneuve–Gênes");

        var menus = new List<string>();
        foreach (var language in new[] { "fr", "en" })
        {
            foreach (var url in new[] { "/villeneuve-sur-mer/admin", "/villeneuve-sur-mer/twinnings" })
            {
                menus.Add(await MenuProblemAsync(page, $"{url}?lang={language}"));
            }
        }
        var violations = await Axe.EverywhereAsync(page, "/villeneuve-sur-mer/admin");

        await using var operatorContext = await NewContextAsync();
        var op = await operatorContext.NewPageAsync();
        await op.SetViewportSizeAsync(1280, 800);
        await op.GotoAsync("/sign-in");
        await op.GetByLabel("Adresse électronique").FillAsync(TestUsers.OperatorEmail);
        await op.GetByLabel("Mot de passe").FillAsync(TestUsers.OperatorPassword);
        await op.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        foreach (var language in new[] { "fr", "en" })
        {
            menus.Add(await MenuProblemAsync(op, $"/platform/tenants?lang={language}"));
        }

        Assert.True(menus.All(m => m.Length == 0), string.Join(Environment.NewLine, menus.Where(m => m.Length > 0)));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    /// <summary>Empty when the top menu is one line at 1280 px (no wrap, nothing cut off); else what is wrong.</summary>
    private static async Task<string> MenuProblemAsync(IPage page, string url)
    {
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(url);
        var m = await page.EvaluateAsync<JsonElement>(MeasureMenu);
        var (rows, items, height, itemHeight, overflow) = (m.GetProperty("rows").GetInt32(), m.GetProperty("items").GetInt32(),
            m.GetProperty("height").GetDouble(), m.GetProperty("itemHeight").GetDouble(), m.GetProperty("overflow").GetDouble());
        Assert.True(items >= 5, $"{url}: only {items} menu items");
        return rows == 1 && height < 1.5 * itemHeight && overflow <= 0 ? string.Empty
            : $"{url}: {items} items on {rows} rows, {height:0} px high (an item: {itemHeight:0} px), {overflow:0} px cut off";
    }
}

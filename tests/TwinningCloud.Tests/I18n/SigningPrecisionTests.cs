using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;
using static TwinningCloud.Tests.Register.Outputs.ImportPages;

namespace TwinningCloud.Tests.I18n;

/// <summary>Issue 9 item 14: an agreement's signing date with its precision (day, month, year) in forms, API, import/export and pages.</summary>
public sealed class SigningPrecisionTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Tenant, HttpClient Editor)> EditorAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));
        return (marseille, client);
    }

    [Fact]
    public async Task A_twinning_known_by_its_year_is_entered_so_and_shown_as_the_year_on_public_and_staff_pages()
    {
        var (marseille, editor) = await EditorAsync();
        var sesto = await Data.AddPartnerCityAsync(marseille, "Sesto Fiorentino");

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync("/marseille/admin/agreements/new", new Dictionary<string, string?>
        {
            ["Form.Title"] = "Jumelage Marseille–Sesto Fiorentino", ["Form.PartyIds"] = sesto.Id.ToString(),
            ["Form.SignedOn"] = "1962-06-15", ["Form.SignedPrecision"] = "Year",
        }, "#agreement-form"));

        var agreement = await Data.InTenantAsync(marseille, db => db.Set<Agreement>().SingleAsync());
        Assert.Equal((new DateOnly(1962, 1, 1), DatePrecision.Year), (agreement.SignedOn, agreement.SignedPrecision));
        var form = await editor.GetPageAsync($"/marseille/admin/agreements/{agreement.Id}");
        Assert.Equal("Year", form.QuerySelector("#SignedPrecision option[selected]")!.GetAttribute("value"));

        using var visitor = App.CreateClient();
        var time = (await visitor.GetPageAsync("/marseille/twinnings?lang=fr")).QuerySelector($"article[aria-labelledby='agreement-{agreement.Id}'] time")!;
        Assert.Equal(("1962", "1962"), (time.TextContent, time.GetAttribute("datetime")));
        var staffList = (await editor.GetPageAsync("/marseille/admin/agreements")).QuerySelector("table.data-table tbody")!.TextContent;
        Assert.Contains("1962", staffList, StringComparison.Ordinal);
        Assert.DoesNotContain("01/01/1962", staffList, StringComparison.Ordinal);
        Assert.Contains("signé en 1962", await visitor.GetStringAsync("/marseille/list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_month_reads_mai_2003_in_French_and_May_2003_in_English_and_the_same_on_staff_and_public_pages()
    {
        var (marseille, editor) = await EditorAsync();
        var massala = await Data.AddPartnerCityAsync(marseille, "Massala", "ML");
        var agreement = await Data.AddBilingualAgreementAsync(marseille, "Jumelage Marseille–Massala", [massala.Id], signedOn: new DateOnly(2003, 5, 1), precision: DatePrecision.Month);
        var day = await Data.AddBilingualAgreementAsync(marseille, "Serment Marseille–Gênes", [massala.Id], signedOn: new DateOnly(1958, 7, 10));

        using var visitor = App.CreateClient();
        foreach (var (language, month, fullDate) in new[] { ("fr", "mai 2003", "10 juillet 1958"), ("en", "May 2003", "10 July 1958") })
        {
            var publicPage = await visitor.GetPageAsync($"/marseille/twinnings?lang={language}");
            Assert.Equal(month, publicPage.QuerySelector($"article[aria-labelledby='agreement-{agreement.Id}'] time")!.TextContent);
            Assert.Equal(fullDate, publicPage.QuerySelector($"article[aria-labelledby='agreement-{day.Id}'] time")!.TextContent);
            var staff = (await editor.GetPageAsync($"/marseille/admin/agreements?lang={language}")).QuerySelector("table.data-table tbody")!.TextContent;
            Assert.Contains(month, staff, StringComparison.Ordinal);
            Assert.Contains(fullDate, staff, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_API_reads_and_writes_the_precision_and_refuses_an_unknown_one_with_a_problem()
    {
        var (marseille, _) = await EditorAsync();
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");
        using var api = App.CreateClient();
        var token = await api.PostAsJsonAsync("/marseille/api/v1/auth/token", new { email = "editor@marseille.fr", password = TestUsers.StaffPassword });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        var created = await api.PostAsJsonAsync("/marseille/api/v1/agreements", new
        {
            kind = "TwinningOath", title = "Serment Marseille–Gênes", partyIds = new[] { genes.Id }, status = "Active",
            signedOn = "1958-07-10", signedPrecision = "Month", titleEn = "Twinning oath Marseille–Genoa",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Month", "1958-07-01", "Twinning oath Marseille–Genoa"),
            (body.GetProperty("signedPrecision").GetString(), body.GetProperty("signedOn").GetString(), body.GetProperty("titleEn").GetString()));

        var bad = await api.PostAsJsonAsync("/marseille/api/v1/agreements", new { kind = "TwinningOath", title = "Autre", partyIds = new[] { genes.Id }, status = "Active", signedPrecision = "Century" });
        // A validation problem (its status is the API's one for invalid input).
        Assert.Contains(bad.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity });
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        Assert.Contains("signedPrecision", await bad.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Import_reads_a_year_or_a_month_and_the_export_writes_it_back_the_same()
    {
        var (marseille, editor) = await EditorAsync();
        await Data.AddPartnerCityAsync(marseille, "Oranienburg", "DE");
        var csv = "title,kind,partners,signed_on,public\n" +
                  "Jumelage Marseille–Oranienburg,twinning-oath,Oranienburg (DE),1964,true\n" +
                  "Accord Marseille–Oranienburg,cooperation-agreement,Oranienburg (DE),2003-05,true\n" +
                  "Charte Marseille–Oranienburg,charter,Oranienburg (DE),2001-02-03,true\n";

        var preview = await Html.ParseAsync(await UploadAsync(editor, "dates.csv", csv));
        Assert.Empty(BadLines(preview));
        AssertOk(await ApplyAsync(editor, preview));

        var saved = await Data.InTenantAsync(marseille, db => db.Set<Agreement>().OrderBy(a => a.SignedOn).Select(a => new { a.SignedOn, a.SignedPrecision }).ToListAsync());
        Assert.Equal([(new DateOnly(1964, 1, 1), DatePrecision.Year), (new DateOnly(2001, 2, 3), DatePrecision.Day), (new DateOnly(2003, 5, 1), DatePrecision.Month)],
            saved.Select(s => (s.SignedOn!.Value, s.SignedPrecision)));
        var export = await editor.GetStringAsync("/marseille/admin/export/agreements.csv");
        Assert.Contains(",1964,", export, StringComparison.Ordinal);
        Assert.Contains(",2003-05,", export, StringComparison.Ordinal);
        Assert.Contains(",2001-02-03,", export, StringComparison.Ordinal);
        var again = await Html.ParseAsync(await UploadAsync(editor, "agreements.csv", export));
        Assert.Empty(BadLines(again));
        Assert.Equal((0, 0, 3), Counts(again)["agreement"]);
    }

    [Fact]
    public async Task Bagnolets_demo_twinnings_carry_their_years()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        var bagnolet = (await App.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync("bagnolet"))!;
        var years = await Data.InTenantAsync(bagnolet, db => db.Set<Agreement>().Include(a => a.Parties).ThenInclude(p => p.PartnerCity)
            .Where(a => a.SignedOn != null).Select(a => new { City = a.Parties.First().PartnerCity!.Name, a.SignedOn, a.SignedPrecision }).ToListAsync());

        Assert.Equal(
            [("Akbou", 2005), ("Chatila", 2002), ("Massala", 2003), ("Oranienburg", 1964), ("Sesto Fiorentino", 1962)],
            years.OrderBy(y => y.City, StringComparer.Ordinal).Select(y => (y.City, y.SignedOn!.Value.Year)));
        Assert.All(years, y => Assert.Equal(DatePrecision.Year, y.SignedPrecision));
        using var visitor = App.CreateClient();
        var page = await visitor.GetPageAsync("/bagnolet/twinnings?lang=en");
        Assert.Contains("1962", page.QuerySelectorAll("article.public-agreement time").Select(t => t.TextContent));
    }
}

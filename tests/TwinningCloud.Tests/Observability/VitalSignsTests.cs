using System.Globalization;
using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Observability;

/// <summary>The operator's vital-signs page, drawn from the metrics the app exports.</summary>
public sealed class VitalSignsTests(AppFixture app) : AppTest(app)
{
    private const string Page = "/platform/vital-signs";

    [Fact]
    public async Task The_page_shows_towns_active_people_jobs_mails_and_the_slowest_endpoints()
    {
        await Data.EnsureOperatorAsync();
        var slug = MetricsScrapeTests.NewTownSlug();
        var town = await Data.CreateTenantAsync(slug, modules: TestData.WithReminders);
        await Data.CreateTenantAsync(MetricsScrapeTests.NewTownSlug(), status: TenantStatus.Suspended);
        var admin = MailDev.NewAddress("vitals-admin");
        await Data.CreateStaffAsync(town, admin, Roles.TenantAdmin);
        await Data.AddJobAsync(town.Id, "a dead job", JobState.Dead, lastError: "boom");
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsync("", TestUsers.OperatorEmail, TestUsers.OperatorPassword);
        var before = await operatorClient.GetPageAsync(Page + "?lang=en");

        await Data.AddAgreementReviewedInAsync(town, "Serment à renouveler", 5);
        await Data.SweepRemindersAsync(town);
        await Data.SettledDeliveriesAsync(town);
        await MailDev.WaitForAsync(admin);
        using var visitor = App.CreateClient();
        AssertStatus(HttpStatusCode.OK, await visitor.GetAsync($"/{slug}/twinnings"));
        var after = await operatorClient.GetPageAsync(Page + "?lang=en");

        Assert.Equal("Vital signs", after.QuerySelector("h1")!.TextContent);
        Assert.Equal(1, Vital(after, "towns-active"));
        Assert.Equal(1, Vital(after, "towns-suspended"));
        Assert.Equal(1, Vital(after, "active-users")); // the operator, signed in and using the console
        Assert.Equal(1, Vital(after, "jobs-dead"));
        Assert.True(Vital(after, "jobs-succeeded") >= 1, "the reminder's mail job");
        Assert.Equal(Vital(before, "mails-sent") + 1, Vital(after, "mails-sent"));
        Assert.Equal(Vital(before, "cache-misses") + 1, Vital(after, "cache-misses"));
        Assert.Contains(after.QuerySelectorAll("#busiest-towns td"), td => td.TextContent == slug);
        var slowest = after.QuerySelectorAll("#slowest-endpoints tbody tr");
        Assert.InRange(slowest.Length, 1, 10); // the ten slowest routes measured since the app started, whatever they are
        Assert.All(slowest, row => Assert.Equal(4, row.QuerySelectorAll("td").Length));
    }

    [Fact]
    public async Task The_page_speaks_french_and_is_the_operators_only()
    {
        await Data.EnsureOperatorAsync();
        var town = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(town, "admin@marseille.fr", Roles.TenantAdmin);
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsync("", TestUsers.OperatorEmail, TestUsers.OperatorPassword);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/marseille", "admin@marseille.fr");
        using var anonymous = App.CreateClient();

        var french = await operatorClient.GetPageAsync(Page + "?lang=fr");

        Assert.Equal("Signes vitaux", french.QuerySelector("h1")!.TextContent);
        Assert.Equal("fr", french.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(french.QuerySelector("nav a[href='/platform/vital-signs'][aria-current='page']"));
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync(Page)).StatusCode);
        var signedOut = await anonymous.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/sign-in", signedOut.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private static long Vital(AngleSharp.Dom.IDocument page, string name) =>
        long.Parse(page.QuerySelector($"[data-vital='{name}']")!.TextContent.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
}

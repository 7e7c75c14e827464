using System.Net;
using System.Text.RegularExpressions;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;

namespace TwinningCloud.Tests.Observability;

/// <summary>
/// The Prometheus scrape endpoint after real requests, jobs and mails: our metrics are there with the town as a
/// label; and only an operator (or a configured network, <see cref="ScraperNetworkTests"/>) reaches it.
/// </summary>
public sealed class MetricsScrapeTests(AppFixture app) : AppTest(app)
{
    public const string Path = "/platform/metrics";

    /// <summary>A town of its own: metrics count since the app started, so a name no earlier test used.</summary>
    public static string NewTownSlug() => "obs-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_scrape_shows_our_metrics_with_the_town_after_real_requests_jobs_and_mails()
    {
        await Data.EnsureOperatorAsync();
        var slug = NewTownSlug();
        var town = await Data.CreateTenantAsync(slug, modules: TestData.WithReminders);
        var admin = MailDev.NewAddress("obs-admin");
        await Data.CreateStaffAsync(town, admin, Roles.TenantAdmin);
        await Data.AddAgreementReviewedInAsync(town, "Serment de jumelage à surveiller", 5);
        using var visitor = App.CreateClient();
        Assert.Equal("miss", (await visitor.GetAsync($"/{slug}/twinnings")).Headers.GetValues("X-Cache").Single());
        var requests = 1 + await PageCache.RequestsUntilHitAsync(visitor, $"/{slug}/twinnings"); // the set-up's notifications may empty the cache first

        var sweep = await Data.SweepRemindersAsync(town); // plans the reminder and enqueues its mail job in the town
        await Data.SettledDeliveriesAsync(town);
        await MailDev.WaitForAsync(admin);

        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsync("", TestUsers.OperatorEmail, TestUsers.OperatorPassword);
        var townLabel = $"town=\"{slug}\"";
        string[] expected =
        [
            "twinning_http_requests_total",
            "twinning_page_cache_hits_total",
            "twinning_page_cache_misses_total",
            "twinning_reminders_planned_total",
            "twinning_jobs_enqueued_total",
            "twinning_jobs_succeeded_total",
            "twinning_mails_sent_total",
            "http_server_request_duration_seconds_count", // ASP.NET Core's own request metric, with the town added
        ];
        var scrape = await ScrapeUntilAsync(operatorClient, text => expected.All(name => Series(text, name).Any(l => l.Contains(townLabel, StringComparison.Ordinal))));

        Assert.Equal(1, sweep.Planned);
        Assert.All(expected, name => Assert.Contains(Series(scrape, name), l => l.Contains(townLabel, StringComparison.Ordinal)));
        Assert.Contains(Series(scrape, "twinning_jobs_succeeded_total"), l => l.Contains(townLabel, StringComparison.Ordinal) && l.Contains("kind=\"reminders.", StringComparison.Ordinal));
        Assert.Equal(requests, Value(Series(scrape, "twinning_http_requests_total").Where(l => l.Contains(townLabel, StringComparison.Ordinal) && l.Contains("status_class=\"2xx\"", StringComparison.Ordinal))));
        Assert.Equal(1d, Value(Series(scrape, "twinning_page_cache_hits_total").Where(l => l.Contains(townLabel, StringComparison.Ordinal))));
        Assert.Equal(requests - 1, Value(Series(scrape, "twinning_page_cache_misses_total").Where(l => l.Contains(townLabel, StringComparison.Ordinal))));
        Assert.Equal(1d, Value(Series(scrape, "twinning_mails_sent_total").Where(l => l.Contains(townLabel, StringComparison.Ordinal))));
        // The runtime's instrumentation is exported too (its names differ between runtime versions).
        Assert.Matches(new Regex(@"^(process_runtime_)?dotnet_gc_", RegexOptions.Multiline), scrape);
    }

    [Fact]
    public async Task A_job_that_fails_is_counted_with_its_kind_its_town_and_its_outcome()
    {
        await Data.EnsureOperatorAsync();
        var slug = NewTownSlug();
        var town = await Data.CreateTenantAsync(slug);
        // A kind no handler runs: the job goes dead at its first attempt, through the runner's one failure path.
        var job = await Data.AddJobAsync(town.Id, "Tâche sans exécutant", JobState.Queued, kind: TestData.UnknownJobKind);
        await Data.RunJobNowAsync(job.Id);
        await Data.WaitForJobAsync(job.Id, JobState.Dead);

        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsync("", TestUsers.OperatorEmail, TestUsers.OperatorPassword);
        bool Failed(string line) => line.Contains($"town=\"{slug}\"", StringComparison.Ordinal) && line.Contains($"kind=\"{TestData.UnknownJobKind}\"", StringComparison.Ordinal);
        var scrape = await ScrapeUntilAsync(operatorClient, text => Series(text, "twinning_jobs_failed_total").Any(Failed));

        var line = Assert.Single(Series(scrape, "twinning_jobs_failed_total"), Failed);
        Assert.Contains("outcome=\"dead\"", line, StringComparison.Ordinal);
        Assert.Equal(1d, Value([line]));
        Assert.DoesNotContain(Series(scrape, "twinning_jobs_succeeded_total"), Failed);
    }

    [Fact]
    public async Task Anyone_but_an_operator_gets_404_at_the_scrape_endpoint()
    {
        await Data.EnsureOperatorAsync();
        var town = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(town, "admin@marseille.fr", Roles.TenantAdmin);
        using var anonymous = App.CreateClient();
        using var staff = App.CreateClient();
        await staff.SignInAsync("/marseille", "admin@marseille.fr");
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsync("", TestUsers.OperatorEmail, TestUsers.OperatorPassword);

        var refusedAnonymous = await anonymous.GetAsync(Path);
        var refusedStaff = await staff.GetAsync(Path);
        var refusedInTown = await staff.GetAsync("/marseille" + Path);
        var allowed = await operatorClient.GetAsync(Path);

        AssertStatus(HttpStatusCode.NotFound, refusedAnonymous);
        AssertStatus(HttpStatusCode.NotFound, refusedStaff);
        AssertStatus(HttpStatusCode.NotFound, refusedInTown);
        Assert.DoesNotContain("twinning_", await ReadAsync(refusedAnonymous), StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.OK, allowed);
        Assert.StartsWith("text/plain", allowed.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The sample lines of a metric (its name, then labels or a space).</summary>
    public static IEnumerable<string> Series(string scrape, string name) =>
        scrape.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal));

    private static double Value(IEnumerable<string> lines) =>
        lines.Sum(l => double.Parse(Regex.Match(l, @"\}\s+([0-9.eE+-]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Scrapes until <paramref name="done"/> (measurements reach the exporter asynchronously, and scrapes are cached briefly).</summary>
    public static async Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var response = await client.GetAsync(Path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            if (done(text) || DateTime.UtcNow > deadline)
            {
                return text;
            }
            await Task.Delay(250);
        }
    }
}

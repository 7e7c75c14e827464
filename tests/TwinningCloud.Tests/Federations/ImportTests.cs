using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Federations;

/// <summary>Bulk onboarding from a CSV file: the preview's bad lines, the background jobs and their progress, the per-line report, re-runs.</summary>
public sealed class ImportTests(AppFixture app) : AppTest(app)
{
    private const string Header = "town,slug,country,language,time_zone,modules,admin_email,admin_name";

    private async Task<HttpClient> CufAdminAsync()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("", "admin@cuf.org"));
        return admin;
    }

    /// <summary>Uploads the file; returns the preview's address.</summary>
    private static async Task<string> UploadAsync(HttpClient admin, string csv)
    {
        var response = await admin.SubmitFormAsync("/federations/cuf/import", new Dictionary<string, string?>(), files: [("file", "towns.csv", Encoding.UTF8.GetBytes(csv), "text/csv")]);
        AssertStatus(HttpStatusCode.Redirect, response);
        return response.Headers.Location!.OriginalString.Replace("~", "", StringComparison.Ordinal);
    }

    private static async Task<JsonElement> WaitUntilDoneAsync(HttpClient admin, string details)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var progress = JsonDocument.Parse(await admin.GetStringAsync(details + "?handler=Progress")).RootElement;
            if (progress.GetProperty("status").GetString() == "Done")
            {
                return progress;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the import is still {progress}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task The_preview_lists_every_bad_line_with_its_line_field_and_reason_and_creates_nothing()
    {
        var admin = await CufAdminAsync();
        await Data.CreateTenantAsync("marseille");
        var csv = string.Join('\n',
            Header,
            "Villeneuve,,FR,fr,Europe/Paris,,maire@villeneuve.fr,Camille",
            ",sans-nom,FR,fr,Europe/Paris,,maire@sans-nom.fr,",
            "Atlantide,,XX,fr,Europe/Paris,,maire@atlantide.fr,",
            "Ys,,FR,fr,Europe/Paris,,pas-une-adresse,",
            "Villeneuve bis,villeneuve,FR,fr,Europe/Paris,,autre@villeneuve.fr,",
            "Marseille,marseille,FR,fr,Europe/Paris,,maire@marseille.fr,",
            "Lutèce,,FR,fr,Mars/Olympus,,maire@lutece.fr,");

        var details = await UploadAsync(admin, csv);

        var page = await admin.GetPageAsync(details);
        string Reason(int line) => page.QuerySelector($"#import-table tr[data-line='{line}']")?.TextContent ?? "(no row)";
        Assert.Null(page.QuerySelector("#import-table tr[data-line='2']")); // the good line is not a bad one
        Assert.Contains("town", Reason(3), StringComparison.Ordinal);
        Assert.Contains("Indiquez le nom de la ville.", Reason(3), StringComparison.Ordinal);
        Assert.Contains("Choisissez un pays dans la liste.", Reason(4), StringComparison.Ordinal);
        Assert.Contains("admin_email", Reason(5), StringComparison.Ordinal);
        Assert.Contains("apparaît deux fois", Reason(6), StringComparison.Ordinal);
        Assert.Contains("Une ville utilise déjà ce nom", Reason(7), StringComparison.Ordinal);
        Assert.Contains("time_zone", Reason(8), StringComparison.Ordinal);
        Assert.Equal(6, page.QuerySelectorAll("#import-table tbody tr").Length);
        Assert.NotNull(page.QuerySelector("form[action*='handler=Start']"));
        Assert.Null(await App.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync("villeneuve"));
    }

    [Fact]
    public async Task A_bulk_onboarding_runs_in_background_jobs_with_progress_reports_each_line_and_the_same_file_again_creates_nothing_twice()
    {
        var admin = await CufAdminAsync();
        var lines = Enumerable.Range(1, 30).Select(i => $"Commune {i},commune-{i},FR,fr,Europe/Paris,agreements;federation-directory,{MailDev.NewAddress($"maire{i}", "communes.fr")},Maire {i}").ToList();
        var csv = string.Join('\n', [Header, .. lines, "Atlantide,,XX,fr,Europe/Paris,,maire@atlantide.fr,"]);

        var details = await UploadAsync(admin, csv);
        var preview = await admin.GetPageAsync(details);
        Assert.Contains("30", preview.QuerySelector("form[action*='handler=Start'] button")!.TextContent, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.Redirect, await admin.SubmitFormAsync(details, new Dictionary<string, string?>(), "form[action*='handler=Start']"));
        var running = await admin.GetPageAsync(details); // the admin can leave and come back: the page shows where it is
        Assert.NotNull(running.QuerySelector("progress#import-bar"));
        var done = await WaitUntilDoneAsync(admin, details);

        Assert.Equal((31, 31, 30, 0, 1), (done.GetProperty("total").GetInt32(), done.GetProperty("processed").GetInt32(), done.GetProperty("created").GetInt32(),
            done.GetProperty("alreadyThere").GetInt32(), done.GetProperty("refused").GetInt32()));
        var report = await admin.GetPageAsync(details);
        Assert.Equal(31, report.QuerySelectorAll("#import-table tbody tr").Length);
        Assert.Contains("Créée", report.QuerySelector("#import-table tr[data-line='2']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Choisissez un pays", report.QuerySelector("#import-table tr[data-line='32']")!.TextContent, StringComparison.Ordinal);
        var catalog = App.Services.GetRequiredService<TenantCatalog>();
        catalog.Invalidate();
        Assert.True((await catalog.FindBySlugAsync("commune-30"))!.InPreparation);
        var cuf = (await Data.InScopeAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            sp.GetRequiredService<TwinningCloud.Web.Platform.Persistence.AppDbContext>().Set<Federation>())));
        Assert.Equal(30, (await Data.OnboardingsAsync(cuf)).Count);
        await MailDev.WaitForAsync(lines[29].Split(',')[6]); // the invitations went out

        var again = await UploadAsync(admin, csv);
        AssertStatus(HttpStatusCode.Redirect, await admin.SubmitFormAsync(again, new Dictionary<string, string?>(), "form[action*='handler=Start']"));
        var second = await WaitUntilDoneAsync(admin, again);
        Assert.Equal((0, 30, 1), (second.GetProperty("created").GetInt32(), second.GetProperty("alreadyThere").GetInt32(), second.GetProperty("refused").GetInt32()));
        Assert.Equal(30, (await Data.OnboardingsAsync(cuf)).Count);
        Assert.Contains("Déjà là", (await admin.GetPageAsync(again)).QuerySelector("#import-table tr[data-line='2']")!.TextContent, StringComparison.Ordinal);
    }
}

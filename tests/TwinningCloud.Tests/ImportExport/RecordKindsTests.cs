using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Tests.Register.Outputs;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.ImportExport;

/// <summary>The import and export are the platform's; the kinds of record are the modules': a town has those of its modules only.</summary>
public sealed class RecordKindsTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Town, HttpClient Client)> SignedInEditorAsync(string slug, params string[] modules)
    {
        var town = await Data.CreateTenantAsync(slug, modules: modules);
        await Data.CreateStaffAsync(town, $"editor@{slug}.fr", Roles.Editor);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync($"/{slug}", $"editor@{slug}.fr"));
        return (town, client);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string town, string fileName, string content, string contentType = "text/csv") =>
        ImportPages.UploadAsync(client, fileName, Encoding.UTF8.GetBytes(content), contentType, $"/{town}/admin/import");

    [Fact]
    public async Task A_town_imports_and_exports_the_kinds_of_record_of_its_modules_and_no_other()
    {
        // Lyon has network memberships but not the register (agreements, partner cities).
        var (town, lyon) = await SignedInEditorAsync("lyon", ModuleKeys.NetworkMemberships);

        var export = await lyon.GetPageAsync("/lyon/admin/export");
        Assert.Equal(["/lyon/admin/export/memberships.csv", "/lyon/admin/export/register.json"],
            export.QuerySelectorAll("main a[download]").Select(a => a.GetAttribute("href")));
        var csv = await lyon.GetStringAsync("/lyon/admin/export/memberships.csv");
        Assert.StartsWith("network,role,since_year,annual_fee", csv, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.NotFound, await lyon.GetAsync("/lyon/admin/export/partner-cities.csv"));
        AssertStatus(HttpStatusCode.NotFound, await lyon.GetAsync("/lyon/admin/export/agreements.csv"));
        using (var json = JsonDocument.Parse(await lyon.GetStringAsync("/lyon/admin/export/register.json")))
        {
            Assert.Equal(["memberships"], json.RootElement.EnumerateObject().Select(p => p.Name));
        }

        // A file of a kind the town does not have is refused whole, with the reason, and nothing is stored.
        var cities = await UploadAsync(lyon, "lyon", "villes.csv", "name,country\nGênes,IT\n");
        AssertStatus(HttpStatusCode.UnprocessableEntity, cities);
        var refused = await Html.ParseAsync(cities);
        var line = Assert.Single(ImportPages.BadLines(refused));
        Assert.Equal(1, line.Line);
        Assert.Contains("partner-cities", line.Reason, StringComparison.Ordinal);
        Assert.Contains("module", line.Reason, StringComparison.Ordinal);
        Assert.Null(refused.QuerySelector("#apply-form"));
        var mixed = await UploadAsync(lyon, "lyon", "tout.json", """{"partner_cities": [{"name": "Gênes", "country": "IT"}], "memberships": []}""", "application/json");
        AssertStatus(HttpStatusCode.UnprocessableEntity, mixed);
        var mixedPage = await Html.ParseAsync(mixed);
        Assert.Equal([(1, "partner_cities")], ImportPages.BadLines(mixedPage).Select(l => (l.Line, l.Field)));
        Assert.Equal(["membership"], ImportPages.Counts(mixedPage).Keys); // the preview counts the town's kinds only
        Assert.Equal(0, await Data.InTenantAsync(town, db => db.Set<PartnerCity>().CountAsync()));

        // The dashboard offers the import and export.
        var dashboard = await lyon.GetPageAsync("/lyon/admin");
        Assert.Contains("/lyon/admin/import", dashboard.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")));

        // Nantes has collectives only: no kind of record, so no import, no export, no menu entry.
        var (_, nantes) = await SignedInEditorAsync("nantes", ModuleKeys.Collectives);
        AssertStatus(HttpStatusCode.NotFound, await nantes.GetAsync("/nantes/admin/import"));
        AssertStatus(HttpStatusCode.NotFound, await nantes.GetAsync("/nantes/admin/export"));
        AssertStatus(HttpStatusCode.NotFound, await nantes.GetAsync("/nantes/admin/export/register.json"));
        AssertStatus(HttpStatusCode.NotFound, await nantes.GetAsync("/nantes/admin/export/memberships.csv"));
        var nantesDashboard = await nantes.GetPageAsync("/nantes/admin");
        Assert.DoesNotContain(nantesDashboard.QuerySelectorAll("a").Select(a => a.GetAttribute("href")), h => h?.Contains("/admin/import", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Every_kind_of_record_belongs_to_one_module_with_its_texts_and_a_column_and_section_of_its_own()
    {
        var catalog = App.Services.GetRequiredService<ModuleCatalog>();
        var owned = catalog.Everything.SelectMany(m => catalog.RecordKindsOf(m).Select(k => (Module: m.Key, Kind: k))).ToList();
        Assert.Equal([("agreements", "partner-city"), ("agreements", "agreement"), ("network-memberships", "membership")], owned.Select(o => (o.Module, o.Kind.Key)));
        var kinds = owned.Select(o => o.Kind).ToList();
        Assert.Equal(kinds.Count, kinds.Select(k => k.FileName).Distinct().Count());
        Assert.Equal(kinds.Count, kinds.Select(k => k.Section).Distinct().Count());
        foreach (var kind in kinds)
        {
            Assert.Contains(kind.IdentifyingColumn, kind.Columns);
            Assert.DoesNotContain(kinds.Where(k => k != kind), other => other.Columns.Contains(kind.IdentifyingColumn));
            Assert.All(kind.Lists, list => Assert.Contains(list.Name, kind.Columns));
        }
        var texts = App.Services.GetRequiredService<Texts>();
        foreach (var culture in SupportedCultures.All)
        {
            var keys = texts.KeysOf(culture).ToHashSet();
            Assert.Empty(kinds.SelectMany(k => new[] { $"importexport.record.{k.Key}", $"importexport.export.{k.FileName}" }).Where(key => !keys.Contains(key)).Select(key => $"{culture}: {key}"));
        }
    }
}

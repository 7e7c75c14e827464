using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Tests.Tenancy;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Lifecycle;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Lifecycle;

public sealed class TownExportTests(AppFixture app) : AppTest(app)
{
    private static string[] AllModules() =>
        typeof(TwinningCloud.Web.Platform.Modules.ModuleKeys).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();

    [Fact]
    public async Task Export_then_import_as_a_new_town_then_export_again_gives_the_same_content()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: AllModules());
        await Data.InTenantAsync(marseille, db => TenantIsolationTests.MakeSamplesAsync(db, "marseille"));
        await Data.EnsureOperatorAsync();
        using var client = App.CreateClient();
        await client.SignInAsOperatorAsync();

        // The operator exports the town: a job makes the archive, the page lists it with its download.
        AssertStatus(HttpStatusCode.Redirect, await client.SubmitFormAsync($"/platform/tenants/{marseille.Id}/lifecycle", new Dictionary<string, string?>(), "form[action*='handler=Export']"));
        var first = await Data.WaitForExportAsync(await LatestExportAsync(marseille.Id));
        var page = await client.GetPageAsync($"/platform/tenants/{marseille.Id}/lifecycle");
        var link = page.QuerySelector($"#exports a[href$='/exports/{first.Id}']")!.GetAttribute("href")!;
        var archive = await client.GetAsync(link);
        AssertStatus(HttpStatusCode.OK, archive);
        Assert.Equal("application/zip", archive.Content.Headers.ContentType!.MediaType);
        var bytes = await archive.Content.ReadAsByteArrayAsync();

        // Imported as a new town on the operator's page.
        var imported = await client.SubmitFormAsync("/platform/tenants/import", new Dictionary<string, string?> { ["Slug"] = "marseille-copie", ["Name"] = "Marseille (copie)" },
            files: [("archive", "marseille.zip", bytes, "application/zip")]);
        AssertStatus(HttpStatusCode.OK, imported);
        Assert.NotNull((await Html.ParseAsync(imported)).QuerySelector("#import-result"));
        var copy = (await App.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync("marseille-copie"))!;
        Assert.NotEqual(marseille.Id, copy.Id);
        Assert.Equal(marseille.EnabledModules.Order(), copy.EnabledModules.Order());
        // New ids: no row of the copy has an id of the original.
        var originalIds = await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().Select(c => c.Id).ToListAsync());
        var copiedCities = await Data.InTenantAsync(copy, db => db.Set<PartnerCity>().ToListAsync());
        Assert.Single(copiedCities);
        Assert.DoesNotContain(copiedCities[0].Id, originalIds);
        var copiedAgreement = await Data.InTenantAsync(copy, db => db.Set<Agreement>().Include(a => a.Parties).Include(a => a.Documents).SingleAsync());
        Assert.Equal(copiedCities[0].Id, copiedAgreement.Parties.Single().PartnerCityId);
        Assert.Equal("%PDF-1.4"u8.ToArray(), copiedAgreement.Documents.Single().Content);

        // Exported again: the same content, table by table (ids aside).
        var second = await InScopeAsync(sp => sp.GetRequiredService<TownExports>().RequestAsync(copy.Id, null, byOperator: true, default));
        await Data.WaitForExportAsync(second.Id);
        var secondBytes = (await InScopeAsync(sp => sp.GetRequiredService<TownExports>().DownloadAsync(copy.Id, second.Id, default)))!.Value.Content;
        var before = TestData.ContentOf(bytes);
        var after = TestData.ContentOf(secondBytes);
        var compared = 0;
        foreach (var (table, rows) in before.Where(t => !TownArchive.NotImported.Contains(t.Key)))
        {
            Assert.True(after.ContainsKey(table), $"the second export has no table {table}");
            Assert.True(rows.SequenceEqual(after[table]), $"{table} differs:\n{string.Join("\n", rows.Except(after[table]))}\n---\n{string.Join("\n", after[table].Except(rows))}");
            compared += rows.Count;
        }
        // The round trip compared real content: every table of a tenant-owned entity had a row.
        Assert.True(compared >= 30, $"only {compared} rows were compared");
        Assert.All(new[] { "partner_cities", "agreements", "agreement_documents", "collectives", "collective_members", "audit_entries", "network_memberships", "tenant_memberships" },
            t => Assert.True(before[t].Count > 0, $"the export has no row in {t}"));
    }

    [Fact]
    public async Task A_town_admin_exports_the_town_follows_its_progress_and_downloads_it_and_another_town_gets_404()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        await Data.AddPartnerCityAsync(marseille, "Gênes");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        using var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("/marseille", "admin@marseille.fr"));

        AssertStatus(HttpStatusCode.Redirect, await admin.SubmitFormAsync("/marseille/admin/town-archive", new Dictionary<string, string?>()));
        var id = await LatestExportAsync(marseille.Id);
        var progress = JsonDocument.Parse(await admin.GetStringAsync("/marseille/admin/town-archive?handler=Progress")).RootElement;
        Assert.Equal(id, progress[0].GetProperty("id").GetGuid());
        await Data.WaitForExportAsync(id);
        var page = await admin.GetPageAsync("/marseille/admin/town-archive");
        Assert.NotNull(page.QuerySelector($"#exports a[href$='/admin/town-archive/{id}']"));
        var download = await admin.GetAsync($"/marseille/admin/town-archive/{id}");
        AssertStatus(HttpStatusCode.OK, download);
        var content = TestData.ContentOf(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains(content["partner_cities"], row => row.Contains("Gênes", StringComparison.Ordinal));

        // Another town's admin: 404 for Marseille's archive (at Bagnolet's address); an editor may not export.
        using var other = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await other.SignInAsync("/bagnolet", "admin@bagnolet.fr"));
        AssertStatus(HttpStatusCode.NotFound, await other.GetAsync($"/bagnolet/admin/town-archive/{id}"));
        Assert.DoesNotContain(id.ToString(), await other.GetStringAsync("/bagnolet/admin/town-archive?handler=Progress"), StringComparison.Ordinal);
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));
        Assert.False((await editor.GetAsync($"/marseille/admin/town-archive/{id}")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task An_archive_is_downloadable_for_seven_days_and_then_removed()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var export = await InScopeAsync(sp => sp.GetRequiredService<TownExports>().RequestAsync(marseille.Id, null, byOperator: true, default));
        var ready = await Data.WaitForExportAsync(export.Id);
        Assert.InRange(ready.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(6.9), DateTimeOffset.UtcNow.AddDays(7.1));
        await Data.EnsureOperatorAsync();
        using var client = App.CreateClient();
        await client.SignInAsOperatorAsync();
        AssertStatus(HttpStatusCode.OK, await client.GetAsync($"/platform/tenants/{marseille.Id}/exports/{export.Id}"));

        // Seven days later: no longer downloadable, and the daily purge removes it.
        await InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<TenantExport>().Where(e => e.Id == export.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        AssertStatus(HttpStatusCode.NotFound, await client.GetAsync($"/platform/tenants/{marseille.Id}/exports/{export.Id}"));
        var purge = await Data.AddJobAsync(null, "purge", JobState.Queued, kind: PurgeExportsJob.Kind);
        await Data.RunJobNowAsync(purge.Id);
        await Data.WaitForJobAsync(purge.Id, JobState.Succeeded);
        Assert.False(await InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<TenantExport>().AnyAsync(e => e.Id == export.Id)));
        // The purge is one of the platform's daily jobs.
        var daily = new List<DailyJob>();
        foreach (var source in App.Services.GetServices<IDailyJobSource>())
        {
            daily.AddRange(await source.AllAsync(App.Services, default));
        }
        Assert.Contains(daily, j => j.Kind == PurgeExportsJob.Kind && j.TenantId is null);
    }

    [Fact]
    public async Task An_archive_that_is_not_one_or_a_taken_address_is_refused_next_to_the_field_and_nothing_is_created()
    {
        await Data.CreateTenantAsync("marseille");
        await Data.EnsureOperatorAsync();
        using var client = App.CreateClient();
        await client.SignInAsOperatorAsync();
        var notZip = await client.SubmitFormAsync("/platform/tenants/import", new Dictionary<string, string?> { ["Slug"] = "nouvelle" },
            files: [("archive", "x.zip", "not a zip"u8.ToArray(), "application/zip")]);
        AssertStatus(HttpStatusCode.UnprocessableEntity, notZip);
        Assert.NotNull((await Html.ParseAsync(notZip)).QuerySelector("#archive-error"));

        var marseilleId = (await Data.LoadTenantAsync("marseille")).Id;
        var export = await InScopeAsync(sp => sp.GetRequiredService<TownExports>().RequestAsync(marseilleId, null, true, default));
        await Data.WaitForExportAsync(export.Id);
        var bytes = (await InScopeAsync(sp => sp.GetRequiredService<TownExports>().DownloadAsync(marseilleId, export.Id, default)))!.Value.Content;
        var taken = await client.SubmitFormAsync("/platform/tenants/import", new Dictionary<string, string?> { ["Slug"] = "marseille" },
            files: [("archive", "m.zip", bytes, "application/zip")]);
        AssertStatus(HttpStatusCode.UnprocessableEntity, taken);
        Assert.NotNull((await Html.ParseAsync(taken)).QuerySelector("#Slug-error"));
        Assert.Equal(1, await InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Tenants.CountAsync()));
    }

    private async Task<Guid> LatestExportAsync(Guid tenantId) =>
        await InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<TenantExport>().Where(e => e.TenantId == tenantId).OrderByDescending(e => e.CreatedAt).Select(e => e.Id).FirstAsync());

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}

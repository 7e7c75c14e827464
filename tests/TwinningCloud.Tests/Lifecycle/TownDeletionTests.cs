using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Tests.Tenancy;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Lifecycle;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Lifecycle;

public sealed class TownDeletionTests(AppFixture app) : AppTest(app)
{
    private static string[] AllModules() =>
        typeof(TwinningCloud.Web.Platform.Modules.ModuleKeys).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();

    [Fact]
    public async Task A_deleted_town_leaves_no_row_in_any_table_with_its_id_and_the_deletion_is_logged()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: AllModules());
        var bagnolet = await Data.CreateTenantAsync("bagnolet", modules: AllModules());
        // One row of every tenant-owned entity (the isolation walk's samples: a new entity must add one there), in both towns.
        await Data.InTenantAsync(marseille, db => TenantIsolationTests.MakeSamplesAsync(db, "marseille"));
        await Data.InTenantAsync(bagnolet, db => TenantIsolationTests.MakeSamplesAsync(db, "bagnolet"));
        var admin = await Data.CreateStaffAsync(marseille, MailDev.NewAddress("admin"), Roles.TenantAdmin);
        // A job that ran through Hangfire (its job carries the town's stamp), one waiting, a mail kept in the outbox, an export.
        var ran = await Data.InTenantAsync(marseille, async db =>
        {
            await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(marseille, sp =>
                sp.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(NoOpJobKind) { IdempotencyKey = "lifecycle-test-noop" }));
            return await db.Jobs.Where(j => j.IdempotencyKey == "lifecycle-test-noop").Select(j => j.Id).SingleAsync();
        });
        await Data.WaitForJobAsync(ran, JobState.Succeeded);
        await Data.AddJobAsync(marseille.Id, "marseille-waiting", JobState.Queued);
        await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(marseille, sp =>
            new OutboxEmailSender(sp.GetRequiredService<IServiceScopeFactory>(), NullLogger<OutboxEmailSender>.Instance)
                .SendAsync(new EmailMessage("someone@example.org", "Marseille's mail", "text", "<p>html</p>")));
        var export = await RequestExportAsync(marseille.Id);
        await Data.WaitForExportAsync(export.Id);

        var before = await Data.RowsKeepingIdAsync(App.ConnectionString, marseille.Id);
        // The scan finds the town where it must (so that an empty result after the deletion means something).
        foreach (var table in new[] { "public.tenants", "public.partner_cities", "public.agreement_documents", "public.tenant_memberships", "public.jobs",
                     "hangfire.jobparameter", "public.outbox_emails", "public.tenant_exports", "public.federation_members", "public.audit_entries" })
        {
            Assert.True(before.ContainsKey(table), $"before the deletion, the scan should find the town in {table}; found in: {string.Join(", ", before.Keys)}");
        }

        var deletion = await InScopeAsync(sp => sp.GetRequiredService<TownDeletions>().ScheduleAsync(marseille.Id, 30, "operator@test", default));
        var job = await InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Jobs.SingleAsync(j => j.IdempotencyKey == TownDeletions.JobKey(deletion.Id)));
        Assert.True(job.RunAt > DateTimeOffset.UtcNow.AddDays(29), "the deletion waits for its grace period");
        Assert.Null(job.TenantId);
        await Data.RunJobNowAsync(job.Id); // the end of the grace period
        await Data.WaitForJobAsync(job.Id, JobState.Succeeded, TimeSpan.FromSeconds(60));

        var after = await Data.RowsKeepingIdAsync(App.ConnectionString, marseille.Id);
        Assert.True(after.Count == 0, "rows still keep the deleted town's id: " + string.Join(", ", after.Select(a => $"{a.Key} ({a.Value})")));
        // The other town is untouched.
        var bagnoletAfter = await Data.RowsKeepingIdAsync(App.ConnectionString, bagnolet.Id);
        Assert.All(new[] { "public.tenants", "public.partner_cities", "public.agreements", "public.agreement_documents", "public.tenant_memberships", "public.federation_members" },
            t => Assert.True(bagnoletAfter.ContainsKey(t), $"Bagnolet lost its rows in {t}"));
        Assert.Single(await Data.InTenantAsync(bagnolet, db => db.Set<PartnerCity>().ToListAsync()));
        // The account that belonged to the town only is gone; the operator's log keeps the deletion, without the town's id.
        Assert.Null(await Data.FindUserAsync(admin.Email!));
        var logged = await InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<TenantDeletion>().AsNoTracking().SingleAsync(d => d.Id == deletion.Id));
        Assert.Equal(DeletionState.Done, logged.State);
        Assert.Null(logged.TenantId);
        Assert.Equal("marseille", logged.Slug);
        Assert.Contains("partner_cities: 1", logged.Summary, StringComparison.Ordinal);
        Assert.Contains(App.Logs.Entries, e => e.Message.Contains("Security: town marseille deleted", StringComparison.Ordinal));
        Assert.Null(await App.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync("marseille"));

        await Data.EnsureOperatorAsync();
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsOperatorAsync();
        var log = await operatorClient.GetPageAsync("/platform/tenants/deletions");
        Assert.Contains("marseille", log.QuerySelector("#deletions")!.TextContent, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.NotFound, await App.CreateClient().GetAsync("/marseille/"));
    }

    [Fact]
    public async Task The_operator_schedules_a_deletion_after_confirming_and_can_cancel_it_until_it_runs()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.AddPartnerCityAsync(marseille, "Gênes");
        await Data.EnsureOperatorAsync();
        using var client = App.CreateClient();
        await client.SignInAsOperatorAsync();
        var page = $"/platform/tenants/{marseille.Id}/lifecycle";

        // Without the town's address typed, nothing is scheduled; the error is next to the field.
        var refused = await client.SubmitFormAsync(page, new Dictionary<string, string?> { ["GraceDays"] = "30", ["Confirm"] = "bagnolet" }, "form[action*='handler=Schedule']");
        AssertStatus(HttpStatusCode.UnprocessableEntity, refused);
        var errorPage = await Html.ParseAsync(refused);
        Assert.NotNull(errorPage.QuerySelector("#Confirm-error"));
        Assert.Null(await InScopeAsync(sp => sp.GetRequiredService<TownDeletions>().PendingAsync(marseille.Id, default)));
        var badGrace = await client.SubmitFormAsync(page, new Dictionary<string, string?> { ["GraceDays"] = "0", ["Confirm"] = "marseille" }, "form[action*='handler=Schedule']");
        AssertStatus(HttpStatusCode.UnprocessableEntity, badGrace);
        Assert.NotNull((await Html.ParseAsync(badGrace)).QuerySelector("#GraceDays-error"));

        AssertStatus(HttpStatusCode.Redirect, await client.SubmitFormAsync(page, new Dictionary<string, string?> { ["GraceDays"] = "14", ["Confirm"] = "marseille" }, "form[action*='handler=Schedule']"));
        var pending = await InScopeAsync(sp => sp.GetRequiredService<TownDeletions>().PendingAsync(marseille.Id, default));
        Assert.NotNull(pending);
        Assert.InRange(pending.RunAt, DateTimeOffset.UtcNow.AddDays(13.9), DateTimeOffset.UtcNow.AddDays(14.1));
        Assert.NotNull((await client.GetPageAsync(page)).QuerySelector("#deletion-scheduled"));

        AssertStatus(HttpStatusCode.Redirect, await client.SubmitFormAsync(page, new Dictionary<string, string?>(), "form[action*='handler=Cancel']"));
        var job = await InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.IdempotencyKey == TownDeletions.JobKey(pending.Id)));
        Assert.Equal(JobState.Cancelled, job.State);
        // Even run by hand, the cancelled deletion deletes nothing.
        await InScopeAsync(sp => sp.GetRequiredService<TownDeletions>().RunAsync(pending.Id, default).ContinueWith(_ => true));
        Assert.Single(await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().ToListAsync()));
        var log = await client.GetPageAsync("/platform/tenants/deletions?lang=en");
        Assert.Contains("Cancelled", log.QuerySelector("#deletions")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await InScopeAsync(sp => sp.GetRequiredService<TownDeletions>().PendingAsync(marseille.Id, default)));
    }

    private const string NoOpJobKind = "jobs.no-op";

    private async Task<TenantExport> RequestExportAsync(Guid tenantId) =>
        await InScopeAsync(sp => sp.GetRequiredService<TownExports>().RequestAsync(tenantId, null, byOperator: true, default));

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}

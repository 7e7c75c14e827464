using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Jobs;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Jobs;

/// <summary>
/// The jobs pages: a town's admin sees the town's jobs only (list, search, filters, pages, details) and
/// retries or cancels them under a state guard; the operator sees every town's jobs and the platform's.
/// </summary>
public sealed class JobsPagesTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Marseille, TenantInfo Bagnolet, HttpClient Admin)> TwoTownsAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("/marseille", "admin@marseille.fr"));
        return (marseille, bagnolet, admin);
    }

    private static List<IElement> Rows(IDocument page) => page.QuerySelectorAll("table.data-table tbody tr").ToList();

    private static string Text(IDocument page) => page.QuerySelector("main")!.TextContent;

    [Fact]
    public async Task The_list_shows_the_towns_jobs_only_with_counts_per_state_search_and_filters()
    {
        var (marseille, bagnolet, admin) = await TwoTownsAsync();
        var queued = await Data.AddJobAsync(marseille.Id, "Marseille queued review", JobState.Queued, idempotencyKey: "reminder/agreement-42/7d");
        await Data.AddJobAsync(marseille.Id, "Marseille running sweep", JobState.Running, kind: "reminders.sweep", attempts: 1);
        await Data.AddJobAsync(marseille.Id, "Marseille done", JobState.Succeeded, attempts: 1);
        await Data.AddJobAsync(marseille.Id, "Marseille failing mail", JobState.Failed, kind: "reminders.send", attempts: 2, lastError: "SmtpException: mailbox unavailable");
        var dead = await Data.AddJobAsync(marseille.Id, "Marseille dead mail", JobState.Dead, kind: "reminders.send", attempts: 8, lastError: "SmtpException: mailbox full");
        await Data.AddJobAsync(marseille.Id, "Marseille cancelled", JobState.Cancelled);
        await Data.AddJobAsync(marseille.Id, "Marseille strange", JobState.Dead, kind: TestData.UnknownJobKind, attempts: 1, lastError: "No handler");
        await Data.AddJobAsync(bagnolet.Id, "bagnolet-secret queued", JobState.Queued, kind: "bagnolet.only-kind");
        await Data.AddJobAsync(bagnolet.Id, "bagnolet-secret dead", JobState.Dead, lastError: "SmtpException: bagnolet-secret error");
        await Data.AddJobAsync(null, "platform-secret purge", JobState.Succeeded, kind: "jobs.purge-finished");

        var page = await admin.GetPageAsync("/marseille/admin/jobs");
        var text = Text(page);
        Assert.Equal(7, Rows(page).Count);
        Assert.DoesNotContain("bagnolet-secret", page.Source.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("platform-secret", page.Source.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("bagnolet.only-kind", page.Source.Text, StringComparison.Ordinal);
        // Newest first.
        Assert.Contains("Marseille strange", Rows(page)[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Marseille queued review", Rows(page)[^1].TextContent, StringComparison.Ordinal);
        // Counts per state, each a link to that state's list.
        var counts = page.QuerySelectorAll(".job-counts a").ToDictionary(a => a.GetAttribute("href")!, a => a.QuerySelector(".job-count")!.TextContent);
        Assert.Equal("7", counts["/marseille/admin/jobs"]);
        Assert.Equal("1", counts["/marseille/admin/jobs?state=queued"]);
        Assert.Equal("1", counts["/marseille/admin/jobs?state=running"]);
        Assert.Equal("1", counts["/marseille/admin/jobs?state=succeeded"]);
        Assert.Equal("1", counts["/marseille/admin/jobs?state=failed"]);
        Assert.Equal("2", counts["/marseille/admin/jobs?state=dead"]);
        Assert.Equal("1", counts["/marseille/admin/jobs?state=cancelled"]);
        // A row: translated kind and state (with a shape, not colour only), attempts, shortened error.
        var deadRow = Rows(page).Single(r => r.TextContent.Contains("Marseille dead mail", StringComparison.Ordinal));
        Assert.Contains("Courriel de rappel", deadRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("Abandonnée", deadRow.QuerySelector(".badge")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("✕", deadRow.QuerySelector(".badge [aria-hidden=true]")!.TextContent);
        Assert.Contains("8 sur 8", deadRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("SmtpException: mailbox full", deadRow.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/marseille/admin/jobs/{dead.Id}", deadRow.QuerySelector("a")!.GetAttribute("href"));
        // An unknown kind shows as stored.
        Assert.Contains(TestData.UnknownJobKind, Rows(page)[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Europe/Paris", text, StringComparison.Ordinal);

        // The kinds offered are the town's.
        var kinds = page.QuerySelectorAll("select#kind option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(["", "jobs.no-op", "reminders.send", "reminders.sweep", TestData.UnknownJobKind], kinds);

        // Filters: state, kind, and the search box over label, kind, key, error and number.
        Assert.Equal(["Marseille strange", "Marseille dead mail"], Labels(await admin.GetPageAsync("/marseille/admin/jobs?state=dead")));
        Assert.Equal(["Marseille dead mail", "Marseille failing mail"], Labels(await admin.GetPageAsync("/marseille/admin/jobs?kind=reminders.send")));
        Assert.Equal(["Marseille dead mail"], Labels(await admin.GetPageAsync("/marseille/admin/jobs?kind=reminders.send&state=dead")));
        Assert.Equal(["Marseille running sweep"], Labels(await admin.GetPageAsync("/marseille/admin/jobs?q=RUNNING")));
        Assert.Equal(["Marseille queued review"], Labels(await admin.GetPageAsync("/marseille/admin/jobs?q=agreement-42")));
        Assert.Equal(["Marseille dead mail", "Marseille failing mail"], Labels(await admin.GetPageAsync("/marseille/admin/jobs?q=smtpexception")));
        Assert.Equal(["Marseille queued review"], Labels(await admin.GetPageAsync($"/marseille/admin/jobs?q={queued.Id}")));
        Assert.Equal(["Marseille strange"], Labels(await admin.GetPageAsync("/marseille/admin/jobs?q=tests.unknown")));
        // Counts follow the search (not the state filter, so that each count is what its link shows).
        var searched = await admin.GetPageAsync("/marseille/admin/jobs?q=mail&state=dead");
        var searchedCounts = searched.QuerySelectorAll(".job-counts a").ToDictionary(a => a.GetAttribute("href")!, a => a.QuerySelector(".job-count")!.TextContent);
        Assert.Equal("1", searchedCounts["/marseille/admin/jobs?q=mail&state=failed"]);
        Assert.Equal("1", searchedCounts["/marseille/admin/jobs?q=mail&state=dead"]);
        // Another town's text finds nothing, and a Bagnolet job's number neither.
        var bagnoletSearch = await admin.GetPageAsync("/marseille/admin/jobs?q=bagnolet-secret");
        Assert.Empty(Rows(bagnoletSearch));
        Assert.Contains("Aucune tâche ne correspond", Text(bagnoletSearch), StringComparison.Ordinal);
        Assert.Empty(Rows(await admin.GetPageAsync("/marseille/admin/jobs?kind=bagnolet.only-kind")));
    }

    private static List<string> Labels(IDocument page) =>
        Rows(page).Select(r => r.QuerySelectorAll("td")[1].TextContent.Trim()).ToList();

    [Fact]
    public async Task The_list_is_paged_by_fifty_newest_first()
    {
        var (marseille, bagnolet, admin) = await TwoTownsAsync();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = DateTimeOffset.UtcNow;
            for (var i = 1; i <= 120; i++)
            {
                db.Jobs.Add(new Job { TenantId = marseille.Id, Kind = "jobs.no-op", Label = $"job number {i:D3}", State = JobState.Succeeded, RunAt = now, CreatedAt = now, FinishedAt = now, Attempts = 1 });
                db.Jobs.Add(new Job { TenantId = bagnolet.Id, Kind = "jobs.no-op", Label = $"bagnolet-secret {i:D3}", State = JobState.Succeeded, RunAt = now, CreatedAt = now, FinishedAt = now, Attempts = 1 });
            }
            await db.SaveChangesAsync();
        }

        var first = await admin.GetPageAsync("/marseille/admin/jobs");
        Assert.Equal(50, Rows(first).Count);
        Assert.Equal("job number 120", Labels(first)[0]);
        Assert.Contains("120 tâches.", Text(first), StringComparison.Ordinal);
        Assert.Equal("/marseille/admin/jobs?page=2", first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));

        var third = await admin.GetPageAsync("/marseille/admin/jobs?page=3");
        Assert.Equal(20, Rows(third).Count);
        Assert.Equal("job number 020", Labels(third)[0]);
        Assert.Equal("job number 001", Labels(third)[^1]);
        Assert.Null(third.QuerySelector(".pager a[rel=next]"));
        Assert.DoesNotContain("bagnolet-secret", third.Source.Text, StringComparison.Ordinal);

        // Paging keeps the search and filters.
        var filtered = await admin.GetPageAsync("/marseille/admin/jobs?q=number&state=succeeded");
        Assert.Equal("/marseille/admin/jobs?q=number&state=succeeded&page=2", filtered.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_details_show_attempts_last_error_key_and_times_in_the_towns_zone()
    {
        var (marseille, _, admin) = await TwoTownsAsync();
        var error = "SmtpException: mailbox unavailable " + new string('x', 300) + " END-OF-ERROR";
        var job = await Data.AddJobAsync(marseille.Id, "Review of Marseille–Gênes, 7 days before", JobState.Dead, kind: "reminders.send",
            attempts: 8, lastError: error, idempotencyKey: "reminders.send/agreement/42/2026-12-01/7");

        var list = await admin.GetPageAsync("/marseille/admin/jobs");
        Assert.DoesNotContain("END-OF-ERROR", Text(list), StringComparison.Ordinal); // shortened in the list
        Assert.Contains("SmtpException: mailbox unavailable", Text(list), StringComparison.Ordinal);

        var page = await admin.GetPageAsync($"/marseille/admin/jobs/{job.Id}");
        var facts = page.QuerySelector("dl.facts")!.TextContent;
        Assert.Contains(error, facts, StringComparison.Ordinal);
        Assert.Contains("8 sur 8", facts, StringComparison.Ordinal);
        Assert.Contains("reminders.send/agreement/42/2026-12-01/7", facts, StringComparison.Ordinal);
        Assert.Contains("Courriel de rappel", facts, StringComparison.Ordinal);
        Assert.Contains("Review of Marseille–Gênes, 7 days before", facts, StringComparison.Ordinal);
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var local = TimeZoneInfo.ConvertTime(job.CreatedAt, paris);
        var fr = System.Globalization.CultureInfo.GetCultureInfo("fr");
        var created = $"{local.ToString("d MMMM yyyy", fr)} {local.ToString("T", fr)} UTC+{local.Offset.Hours}"; // with its zone
        Assert.Contains(created, facts, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#retry-form"));
        Assert.Null(page.QuerySelector("#cancel-form")); // a dead job cannot be cancelled

        var english = await admin.GetPageAsync($"/marseille/admin/jobs/{job.Id}?lang=en");
        Assert.Contains("Reminder mail", english.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Dead", english.QuerySelector("dl.facts .badge")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_mail_job_never_shows_its_one_time_link()
    {
        var (marseille, _, admin) = await TwoTownsAsync();
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var anonymous = App.CreateClient();
        await anonymous.SubmitFormAsync("/marseille/account/forgot-password", new Dictionary<string, string?> { ["Email"] = "editor@marseille.fr" });
        await using var scope = App.Services.CreateAsyncScope();
        var job = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.SingleAsync(j => j.TenantId == marseille.Id && j.Kind == "email.send");
        Assert.Contains("set-password", job.Payload, StringComparison.Ordinal); // the mail and its link are in the job

        var page = await admin.GetPageAsync($"/marseille/admin/jobs/{job.Id}");

        var facts = page.QuerySelector("dl.facts")!.TextContent;
        Assert.Contains("Courriel de compte", facts, StringComparison.Ordinal);
        Assert.Contains("Non affichées", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("set-password", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrying_a_dead_job_queues_it_to_run_now_and_it_runs()
    {
        var (marseille, _, admin) = await TwoTownsAsync();
        var job = await Data.AddJobAsync(marseille.Id, "dead no-op", JobState.Dead, attempts: 8, lastError: "InvalidOperationException: it broke");

        var response = await admin.SubmitFormAsync($"/marseille/admin/jobs/{job.Id}", new Dictionary<string, string?>(), "#retry-form");

        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.Equal($"/marseille/admin/jobs/{job.Id}", response.Headers.Location!.OriginalString);
        var done = await Data.WaitForJobAsync(job.Id, JobState.Succeeded);
        Assert.Equal(1, done.Attempts); // counted afresh
        Assert.Null(done.LastError);
        var page = await admin.GetPageAsync($"/marseille/admin/jobs/{job.Id}");
        Assert.Contains($"La tâche {job.Id} est remise dans la file", page.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_resets_the_attempts_and_keeps_the_error_until_the_next_attempt()
    {
        var (marseille, _, _) = await TwoTownsAsync();
        var job = await Data.AddJobAsync(marseille.Id, "dead no-op", JobState.Dead, attempts: 8, lastError: "the old error");

        // Inside a transaction that is rolled back: the app's worker never sees the retried job.
        var retried = await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(marseille, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var result = await sp.GetRequiredService<TenantJobs>().RetryAsync(job.Id, CancellationToken.None);
            Assert.Equal(JobActionOutcome.Done, result.Outcome);
            var after = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == job.Id);
            await transaction.RollbackAsync();
            return after;
        });

        Assert.Equal(JobState.Queued, retried.State);
        Assert.Equal(0, retried.Attempts);
        Assert.Equal("the old error", retried.LastError);
        Assert.Null(retried.FinishedAt);
        Assert.True(retried.RunAt <= DateTimeOffset.UtcNow && retried.RunAt > DateTimeOffset.UtcNow.AddMinutes(-1), $"run at {retried.RunAt}");
    }

    [Fact]
    public async Task Cancelling_a_queued_job_cancels_it()
    {
        var (marseille, _, admin) = await TwoTownsAsync();
        var job = await Data.AddJobAsync(marseille.Id, "queued no-op", JobState.Queued);

        var response = await admin.SubmitFormAsync($"/marseille/admin/jobs/{job.Id}", new Dictionary<string, string?>(), "#cancel-form");

        AssertStatus(HttpStatusCode.Redirect, response);
        var cancelled = await Data.LoadJobAsync(job.Id);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.NotNull(cancelled.FinishedAt);
        var page = await admin.GetPageAsync($"/marseille/admin/jobs/{job.Id}");
        Assert.Contains($"La tâche {job.Id} a été annulée.", page.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#retry-form")); // a cancelled job can be retried
        Assert.Null(page.QuerySelector("#cancel-form"));
    }

    [Fact]
    public async Task Retry_and_cancel_leave_a_job_that_is_not_in_a_state_for_them_unchanged_with_a_message()
    {
        var (marseille, _, admin) = await TwoTownsAsync();
        var running = await Data.AddJobAsync(marseille.Id, "running job", JobState.Running, attempts: 1);
        var succeeded = await Data.AddJobAsync(marseille.Id, "succeeded job", JobState.Succeeded, attempts: 1);
        var dead = await Data.AddJobAsync(marseille.Id, "dead job", JobState.Dead, attempts: 8, lastError: "boom");
        var tokens = await AntiforgeryAsync(admin, "/marseille/account");

        foreach (var (job, command) in new[] { (running, "retry"), (running, "cancel"), (succeeded, "retry"), (succeeded, "cancel"), (dead, "cancel") })
        {
            var response = await admin.PostAsync($"/marseille/admin/jobs/{job.Id}", Form(tokens, command));
            AssertStatus(HttpStatusCode.Conflict, response);
            var page = await Html.ParseAsync(response);
            var alert = page.QuerySelector(".alert-error[role=alert]")!.TextContent;
            Assert.Contains(command == "retry" ? "La tâche n'a pas été relancée" : "La tâche n'a pas été annulée", alert, StringComparison.Ordinal);
            var after = await Data.LoadJobAsync(job.Id);
            Assert.Equal((job.State, job.Attempts, job.LastError, job.LockedBy), (after.State, after.Attempts, after.LastError, after.LockedBy));
        }
        Assert.Contains("En cours", (await Html.ParseAsync(await admin.PostAsync($"/marseille/admin/jobs/{running.Id}", Form(tokens, "retry")))).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);

        // A queued job shown with its Cancel button, which a worker starts before the click: the cancel does nothing.
        var queued = await Data.AddJobAsync(marseille.Id, "about to start", JobState.Queued);
        var detailsPage = await admin.GetPageAsync($"/marseille/admin/jobs/{queued.Id}");
        Assert.NotNull(detailsPage.QuerySelector("#cancel-form"));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.Where(j => j.Id == queued.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Running).SetProperty(j => j.LockedBy, "elsewhere/2/abcdef")
                    .SetProperty(j => j.Attempts, 1));
        }
        var late = await admin.PostAsync($"/marseille/admin/jobs/{queued.Id}", Form(tokens, "cancel"));
        AssertStatus(HttpStatusCode.Conflict, late);
        Assert.Equal(JobState.Running, (await Data.LoadJobAsync(queued.Id)).State);

        // Not a command of the page.
        AssertStatus(HttpStatusCode.BadRequest, await admin.PostAsync($"/marseille/admin/jobs/{dead.Id}", Form(tokens, "delete")));
        Assert.Equal(JobState.Dead, (await Data.LoadJobAsync(dead.Id)).State);
    }

    [Fact]
    public async Task Editors_are_refused_and_anonymous_visitors_are_sent_to_sign_in()
    {
        var (marseille, _, _) = await TwoTownsAsync();
        var job = await Data.AddJobAsync(marseille.Id, "a job", JobState.Dead, lastError: "boom");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));
        using var anonymous = App.CreateClient();

        foreach (var url in new[] { "/marseille/admin/jobs", $"/marseille/admin/jobs/{job.Id}" })
        {
            var refused = await editor.GetAsync(url);
            AssertStatus(HttpStatusCode.Redirect, refused);
            Assert.Contains("/error/403", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
            AssertStatus(HttpStatusCode.Forbidden, await editor.GetAsync(refused.Headers.Location));

            var signIn = await anonymous.GetAsync(url);
            AssertStatus(HttpStatusCode.Redirect, signIn);
            Assert.Equal("/marseille/sign-in", new Uri(App.BaseAddress, signIn.Headers.Location!).AbsolutePath);
        }
        var post = await editor.PostAsync($"/marseille/admin/jobs/{job.Id}", Form(await AntiforgeryAsync(editor, "/marseille/account"), "retry"));
        Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"editor's retry answered {(int)post.StatusCode}");
        Assert.Equal(JobState.Dead, (await Data.LoadJobAsync(job.Id)).State);

        // The dashboard offers the page to admins only.
        var editorDashboard = await editor.GetPageAsync("/marseille/admin");
        Assert.Null(editorDashboard.QuerySelector("a[href='/marseille/admin/jobs']"));
    }

    [Fact]
    public async Task Another_towns_job_ids_and_platform_job_ids_are_not_found_for_reading_retrying_or_cancelling()
    {
        var (_, bagnolet, admin) = await TwoTownsAsync();
        var foreignDead = await Data.AddJobAsync(bagnolet.Id, "bagnolet-secret dead", JobState.Dead, lastError: "bagnolet-secret error");
        var foreignQueued = await Data.AddJobAsync(bagnolet.Id, "bagnolet-secret queued", JobState.Queued);
        var platformDead = await Data.AddJobAsync(null, "platform-secret dead", JobState.Dead, kind: "jobs.purge-finished", lastError: "platform-secret error");
        var tokens = await AntiforgeryAsync(admin, "/marseille/account");

        foreach (var job in new[] { foreignDead, foreignQueued, platformDead })
        {
            var get = await admin.GetAsync($"/marseille/admin/jobs/{job.Id}");
            AssertStatus(HttpStatusCode.NotFound, get);
            Assert.DoesNotContain("secret", await ReadAsync(get), StringComparison.Ordinal);
            foreach (var command in new[] { "retry", "cancel", "" })
            {
                var post = await admin.PostAsync($"/marseille/admin/jobs/{job.Id}", Form(tokens, command));
                AssertStatus(HttpStatusCode.NotFound, post);
                Assert.DoesNotContain("secret", await ReadAsync(post), StringComparison.Ordinal);
            }
            var after = await Data.LoadJobAsync(job.Id);
            Assert.Equal(job.State, after.State);
        }

        var list = await admin.GetPageAsync("/marseille/admin/jobs");
        Assert.DoesNotContain("secret", list.Source.Text, StringComparison.Ordinal);
        Assert.Empty(Rows(list));
        Assert.Empty(Rows(await admin.GetPageAsync($"/marseille/admin/jobs?q={foreignDead.Id}")));
    }

    [Fact]
    public async Task The_operator_sees_every_towns_jobs_and_the_platforms_and_can_retry_and_cancel()
    {
        var (marseille, bagnolet, admin) = await TwoTownsAsync();
        await Data.EnsureOperatorAsync();
        var marseilleJob = await Data.AddJobAsync(marseille.Id, "Marseille queued", JobState.Queued);
        var bagnoletJob = await Data.AddJobAsync(bagnolet.Id, "Bagnolet dead", JobState.Dead, attempts: 8, lastError: "Bagnolet error");
        var platformJob = await Data.AddJobAsync(null, "Platform purge", JobState.Failed, kind: "jobs.purge-finished", attempts: 1, lastError: "Platform error");
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsOperatorAsync();

        var page = await operatorClient.GetPageAsync("/platform/jobs");
        Assert.Equal(3, Rows(page).Count);
        var byLabel = Rows(page).ToDictionary(r => r.QuerySelectorAll("td")[2].TextContent.Trim(), r => r.QuerySelectorAll("td")[0].TextContent.Trim());
        Assert.Equal("marseille", byLabel["Marseille queued"]);
        Assert.Equal("bagnolet", byLabel["Bagnolet dead"]);
        Assert.Equal("plateforme", byLabel["Platform purge"]);
        Assert.Contains("UTC", Text(page), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("nav.main-nav a[href='/platform/jobs']"));

        Assert.Equal(["Bagnolet dead"], OperatorLabels(await operatorClient.GetPageAsync("/platform/jobs?tenant=bagnolet")));
        Assert.Equal(["Platform purge"], OperatorLabels(await operatorClient.GetPageAsync("/platform/jobs?tenant=platform")));
        Assert.Empty(Rows(await operatorClient.GetPageAsync("/platform/jobs?tenant=no-such-town")));
        Assert.Equal(["Platform purge"], OperatorLabels(await operatorClient.GetPageAsync("/platform/jobs?q=platform+error")));
        Assert.Equal(["Bagnolet dead"], OperatorLabels(await operatorClient.GetPageAsync("/platform/jobs?state=dead")));
        var tenants = (await operatorClient.GetPageAsync("/platform/jobs")).QuerySelectorAll("select#tenant option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(["", "platform", "bagnolet", "marseille"], tenants);

        var details = await operatorClient.GetPageAsync($"/platform/jobs/{bagnoletJob.Id}");
        Assert.Contains("bagnolet", details.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bagnolet error", details.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.Redirect, await operatorClient.SubmitFormAsync($"/platform/jobs/{bagnoletJob.Id}", new Dictionary<string, string?>(), "#retry-form"));
        await Data.WaitForJobAsync(bagnoletJob.Id, JobState.Succeeded);

        AssertStatus(HttpStatusCode.Redirect, await operatorClient.SubmitFormAsync($"/platform/jobs/{platformJob.Id}", new Dictionary<string, string?>(), "#cancel-form"));
        Assert.Equal(JobState.Cancelled, (await Data.LoadJobAsync(platformJob.Id)).State);
        AssertStatus(HttpStatusCode.NotFound, await operatorClient.GetAsync("/platform/jobs/999999"));

        // A town's admin cannot use the operator's pages, and the operator's cookie is worth nothing in a town.
        var refused = await admin.GetAsync("/platform/jobs");
        Assert.True(refused.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{(int)refused.StatusCode}");
        var operatorInTown = await operatorClient.GetAsync($"/marseille/admin/jobs/{marseilleJob.Id}");
        AssertStatus(HttpStatusCode.Redirect, operatorInTown);
        Assert.Contains("/sign-in", operatorInTown.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static List<string> OperatorLabels(IDocument page) =>
        Rows(page).Select(r => r.QuerySelectorAll("td")[2].TextContent.Trim()).ToList();

    [Fact]
    public async Task A_job_of_unknown_kind_goes_dead_and_its_error_shows_on_the_page_and_the_dashboard()
    {
        var (marseille, _, admin) = await TwoTownsAsync();
        long id = 0;
        await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(marseille, async sp =>
        {
            await sp.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(TestData.UnknownJobKind) { Label = "nobody runs me" });
            id = await sp.GetRequiredService<AppDbContext>().Jobs.Where(j => j.Label == "nobody runs me").Select(j => j.Id).SingleAsync();
            return 0;
        });

        await Data.WaitForJobAsync(id, JobState.Dead);

        var page = await admin.GetPageAsync("/marseille/admin/jobs?state=dead");
        var row = Assert.Single(Rows(page));
        Assert.Contains("No handler runs jobs of kind", row.TextContent, StringComparison.Ordinal);
        var dashboard = await admin.GetPageAsync("/marseille/admin");
        var card = dashboard.QuerySelector("a[href='/marseille/admin/jobs']")!.ParentElement!.ParentElement!;
        Assert.Contains("1 tâche en échec ou abandonnée", card.TextContent, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(IReadOnlyList<KeyValuePair<string, string>> tokens, string command) =>
        new([.. tokens, new("command", command)]);

    /// <summary>A valid antiforgery field for this client (tokens are bound to the client's cookie, not to a page).</summary>
    private static async Task<IReadOnlyList<KeyValuePair<string, string>>> AntiforgeryAsync(HttpClient client, string pageWithForm)
    {
        var page = await client.GetPageAsync(pageWithForm);
        return [new("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)];
    }
}

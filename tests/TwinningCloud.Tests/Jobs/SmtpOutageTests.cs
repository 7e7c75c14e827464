using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using Xunit.Abstractions;

namespace TwinningCloud.Tests.Jobs;

/// <summary>The SMTP server stopped for a while: reminder mails are retried with backoff and all arrive, once each, when it returns.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class SmtpOutageTests(ITestOutputHelper output)
{
    private const int Items = 20;

    private sealed record Seen(int Attempts, DateTimeOffset? StartedAt, DateTimeOffset RunAt);

    [Fact]
    public async Task Reminders_are_retried_with_backoff_while_SMTP_is_down_all_arrive_once_when_it_returns_and_a_hopeless_job_ends_dead()
    {
        await using var maildev = await OwnMailDev.StartAsync();
        await maildev.StopAsync();
        await using var database = await TestDatabase.CreateAsync("smtp");
        var settings = new Dictionary<string, string>(JobsApp.FastJobs)
        {
            ["Jobs:RetryBaseDelay"] = "00:00:00.300",
            ["Jobs:RetryMaxDelay"] = "00:00:10", // eight attempts take at least 14 s: the outage below is shorter
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = maildev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var app = new AppFactory(database.ConnectionString, settings);
        var data = new TestData(app.Services);
        var tenant = await data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements, ModuleKeys.Reminders]);
        await data.CreateStaffAsync(tenant, "admin@marseille.fr", Roles.TenantAdmin);
        var dueOn = ReminderSweep.TodayIn(tenant, DateTimeOffset.UtcNow).AddDays(7);
        var items = await data.InTenantAsync(tenant, async db =>
        {
            var list = Enumerable.Range(1, Items + 1).Select(i => new Agreement { Title = $"Accord {i:D2}", NextReviewOn = dueOn }).ToList();
            db.AddRange(list);
            await db.SaveChangesAsync();
            return list;
        });
        // One reminder whose mail job may try only twice: it cannot outlive the outage and must end dead.
        var doomed = items[^1];
        var doomedKey = $"doomed/{doomed.Id:N}";
        await app.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var delivery = new ReminderDelivery
            {
                Subject = ReminderSubject.AgreementReview, ItemId = doomed.Id, DueOn = dueOn, OffsetDays = 7, PlannedOn = dueOn.AddDays(-7),
                ItemTitle = doomed.Title, Mode = ReminderMode.Immediate, Recipients = ["admin@marseille.fr"], JobKey = doomedKey,
            };
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Add(delivery);
            await db.SaveChangesAsync();
            await sp.GetRequiredService<JobQueue>().EnqueueAsync(new JobRequest(ReminderMail.Kind, new ReminderMail.Payload([delivery.Id])) { IdempotencyKey = doomedKey, MaxAttempts = 2 });
            await tx.CommitAsync();
        });

        var swept = await app.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, sp => sp.GetRequiredService<ReminderSweep>().SweepAsync());
        Assert.Equal((Items + ReminderSweep.BatchSize - 1) / ReminderSweep.BatchSize, swept.JobsEnqueued); // the recipients' mails in batches

        // While the server is down: watch every mail job's attempts and planned times.
        var seen = new Dictionary<long, List<Seen>>();
        var watchUntil = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var jobs = await JobsAsync(app);
            foreach (var j in jobs.Where(j => j.State == JobState.Failed))
            {
                var list = seen.TryGetValue(j.Id, out var l) ? l : seen[j.Id] = [];
                if (list.Count == 0 || list[^1].Attempts != j.Attempts)
                {
                    list.Add(new Seen(j.Attempts, j.StartedAt, j.RunAt));
                }
            }
            var others = jobs.Where(j => j.IdempotencyKey != doomedKey).ToList();
            if (others.All(j => j.Attempts >= 3) && jobs.Single(j => j.IdempotencyKey == doomedKey).State == JobState.Dead)
            {
                break;
            }
            Assert.True(DateTime.UtcNow < watchUntil, "the mail jobs should have failed three times by now");
            await Task.Delay(40);
        }
        var doomedJob = (await JobsAsync(app)).Single(j => j.IdempotencyKey == doomedKey);
        Assert.Equal(JobState.Dead, doomedJob.State);
        Assert.Equal(2, doomedJob.Attempts);
        Assert.StartsWith("TransientEmailException: ", doomedJob.LastError, StringComparison.Ordinal);
        output.WriteLine($"dead job's error: {doomedJob.LastError}");

        var backoffs = 0;
        foreach (var (id, list) in seen.Where(s => s.Key != doomedJob.Id))
        {
            Assert.True(list.Select(s => s.RunAt).Zip(list.Skip(1).Select(s => s.RunAt)).All(p => p.First < p.Second), $"job {id}: RunAt grows");
            foreach (var s in list.Where(s => s.StartedAt is not null))
            {
                // After attempt k failed, the next one is planned Backoff(k) after attempt k started (plus the failed attempt's own time).
                var full = Math.Min(300 * Math.Pow(2, s.Attempts - 1), 10_000);
                var planned = (s.RunAt - s.StartedAt!.Value).TotalMilliseconds;
                // Never earlier than half the doubled delay; later only by the failed attempt's own time, which a busy
                // machine can stretch to seconds (so the upper bound is loose: it catches a wrong formula, not a slow host).
                Assert.InRange(planned, full / 2, full + 8000);
                backoffs++;
            }
        }
        var batches = seen.Keys.Count(id => id != doomedJob.Id);
        Assert.True(batches >= 1 && backoffs >= batches * 2, $"saw {backoffs} planned retries of {batches} batch jobs");

        await maildev.StartAgainAsync();
        var back = DateTime.UtcNow;
        while ((await JobsAsync(app)).Count(j => j.State == JobState.Succeeded) < swept.JobsEnqueued)
        {
            Assert.True(DateTime.UtcNow < back.AddSeconds(90), "every mail job should succeed after the server returns: "
                + string.Join("; ", (await JobsAsync(app)).Select(j => $"{j.Id} {j.State} {j.Attempts} {j.RunAt:HH:mm:ss.fff} {j.LastError}")));
            await Task.Delay(100);
        }
        output.WriteLine($"all sent {(DateTime.UtcNow - back).TotalSeconds:F1} s after the server returned");

        var mails = await maildev.WaitForCountAsync(Items, TimeSpan.FromSeconds(10));
        await Task.Delay(500);
        mails = await maildev.AllAsync();
        var byItem = mails.GroupBy(m => ReminderBatch.ItemIn(m)).ToDictionary(g => g.Key!.Value, g => g.Count());
        Assert.Equal(Items, mails.Count);
        Assert.Equal(items.Take(Items).Select(i => i.Id).Order(), byItem.Keys.Order());
        Assert.All(byItem.Values, c => Assert.Equal(1, c));
        var final = await JobsAsync(app);
        Assert.All(final.Where(j => j.Id != doomedJob.Id), j =>
        {
            Assert.Equal(JobState.Succeeded, j.State);
            Assert.True(j.Attempts >= 3); // failures while the server was down, then the success
        });
        var states = await data.InTenantAsync(tenant, db => db.Set<ReminderDelivery>().ToDictionaryAsync(d => d.ItemId, d => d.State));
        Assert.All(items.Take(Items), i => Assert.Equal(ReminderDeliveryState.Sent, states[i.Id]));
        Assert.Equal(ReminderDeliveryState.Planned, states[doomed.Id]); // not sent: its job is dead, for someone to retry
        // The jobs page (/admin/jobs/{id}) is not on this branch: the dead job and its error are asserted in the database.
    }

    private static async Task<List<Job>> JobsAsync(AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().Where(j => j.Kind == ReminderMail.Kind).ToListAsync();
    }
}

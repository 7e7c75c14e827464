using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Jobs;

/// <summary>An app without a worker (nothing fires schedules by the real clock), on a database of its own.</summary>
public sealed class SchedulerOnlyApp : IAsyncLifetime
{
    private TestDatabase? _database;

    public AppFactory Factory { get; private set; } = null!;
    public IServiceProvider Services => Factory.Services;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("dst");
        Factory = new AppFactory(_database.ConnectionString, new Dictionary<string, string> { ["Jobs:RunWorker"] = "false" });
        _ = Factory.Services;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database!.DisposeAsync();
    }
}

/// <summary>The reminders sweep schedule of each tenant, fired by <see cref="DailySchedules.FireDueAsync"/> with explicit instants across the 2026 daylight-saving changes.</summary>
public sealed class DaylightSavingScheduleTests(SchedulerOnlyApp app) : IClassFixture<SchedulerOnlyApp>
{
    private sealed record Town(TenantInfo Tenant, string Zone);

    [Fact]
    public async Task A_daily_8_oclock_sweep_fires_at_8_local_across_both_changes_once_a_day_and_each_tenant_at_its_own_local_hour()
    {
        var data = new TestData(app.Services);
        var towns = new List<Town>();
        foreach (var (slug, zone) in new[] { ("paris", "Europe/Paris"), ("newyork", "America/New_York"), ("tokyo", "Asia/Tokyo") })
        {
            towns.Add(new Town(await data.CreateTenantAsync(slug, modules: [ModuleKeys.Agreements, ModuleKeys.Reminders], timeZone: zone), zone));
        }
        var withoutModule = await data.CreateTenantAsync("rome", modules: [ModuleKeys.Agreements], timeZone: "Europe/Rome");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var schedules = (await new ReminderSweepSchedules().AllAsync(scope.ServiceProvider, default)).Where(s => s.Key.StartsWith("reminders.sweep/", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, schedules.Count);
            Assert.DoesNotContain(schedules, s => s.TenantId == withoutModule.Id);
            foreach (var town in towns)
            {
                var schedule = Assert.Single(schedules, s => s.TenantId == town.Tenant.Id);
                Assert.Equal((8, 0), (schedule.Hour, schedule.Minute));
                Assert.Equal(town.Zone, schedule.TimeZoneId);
            }
        }

        // Spring: Paris changes on 29 March, New York on 8 March. Autumn: Paris on 25 October, New York on 1 November.
        await DriveAsync(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 5, 0, 0, 0, TimeSpan.Zero));
        await DriveAsync(new DateTimeOffset(2026, 10, 18, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 8, 0, 0, 0, TimeSpan.Zero));

        await using var check = app.Services.CreateAsyncScope();
        var jobs = await check.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().Where(j => j.Kind == ReminderSweep.Kind).ToListAsync();
        foreach (var town in towns)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(town.Zone);
            var occurrences = jobs.Where(j => j.TenantId == town.Tenant.Id).OrderBy(j => j.RunAt).ToList();
            var byLocalDay = occurrences.GroupBy(j => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(j.RunAt, zone).DateTime)).ToList();
            Assert.All(byLocalDay, day => Assert.Single(day));
            // Every local day of both windows has its sweep (the windows are in UTC: the first and last local days may be outside).
            Assert.InRange(byLocalDay.Count, 35 + 21 - 1, 35 + 21 + 1);
            Assert.All(occurrences, j =>
            {
                var local = TimeZoneInfo.ConvertTime(j.RunAt, zone);
                Assert.Equal(new TimeSpan(8, 0, 0), local.TimeOfDay);
                Assert.Equal(DailySchedules.OccurrenceKey(ReminderSweepSchedules.KeyOf(town.Tenant.Id), j.RunAt), j.IdempotencyKey);
                Assert.Equal(JobState.Queued, j.State);
            });
        }
        DateTimeOffset At(string zoneId, int month, int day)
        {
            var town = towns.Single(t => t.Zone == zoneId);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            return jobs.Single(j => j.TenantId == town.Tenant.Id && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(j.RunAt, zone).DateTime) == new DateOnly(2026, month, day)).RunAt.ToUniversalTime();
        }
        DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);
        // Paris: 07:00Z in winter, 06:00Z in summer, switching on the change days themselves.
        Assert.Equal(Utc(3, 28, 7), At("Europe/Paris", 3, 28));
        Assert.Equal(Utc(3, 29, 6), At("Europe/Paris", 3, 29));
        Assert.Equal(Utc(10, 24, 6), At("Europe/Paris", 10, 24));
        Assert.Equal(Utc(10, 25, 7), At("Europe/Paris", 10, 25));
        // New York: 13:00Z (EST) / 12:00Z (EDT), on its own dates; between 8 and 29 March it is five hours from Paris, not six.
        Assert.Equal(Utc(3, 7, 13), At("America/New_York", 3, 7));
        Assert.Equal(Utc(3, 8, 12), At("America/New_York", 3, 8));
        Assert.Equal(Utc(3, 20, 7), At("Europe/Paris", 3, 20));
        Assert.Equal(Utc(3, 20, 12), At("America/New_York", 3, 20));
        Assert.Equal(Utc(10, 31, 12), At("America/New_York", 10, 31));
        Assert.Equal(Utc(11, 1, 13), At("America/New_York", 11, 1));
        // Tokyo has no daylight saving: 08:00 JST is 23:00Z the day before, all year.
        Assert.Equal(Utc(3, 28, 23), At("Asia/Tokyo", 3, 29));
        Assert.Equal(Utc(10, 24, 23), At("Asia/Tokyo", 10, 25));
        Assert.All(jobs.Where(j => j.TenantId == towns[2].Tenant.Id), j => Assert.Equal(23, j.RunAt.ToUniversalTime().Hour));
    }

    /// <summary>
    /// Fires due schedules every hour of simulated time from <paramref name="from"/> to <paramref name="to"/> (every
    /// occurrence falls on a whole UTC hour), again after each firing (as a second instance would), checking that each
    /// occurrence is enqueued exactly when its instant comes, and once.
    /// </summary>
    private async Task DriveAsync(DateTimeOffset from, DateTimeOffset to)
    {
        for (var now = from; now <= to; now = now.AddHours(1))
        {
            var before = await LastJobIdAsync();
            var fired = await FireAsync(now);
            if (fired > 0)
            {
                Assert.Equal(0, await FireAsync(now));
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                // Exactly the jobs of this tick (the platform's own daily job, at 03:17 UTC, fires on these ticks too: it is not a sweep).
                var firedNow = await db.Jobs.AsNoTracking().Where(j => j.Id > before).Select(j => new { j.Kind, j.RunAt }).ToListAsync();
                Assert.Equal(fired, firedNow.Count);
                Assert.All(firedNow.Where(j => j.Kind == ReminderSweep.Kind), j => Assert.Equal(now, j.RunAt)); // fired when its instant came, not before, not later
            }
        }
    }

    private async Task<long> LastJobIdAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Jobs.MaxAsync(j => (long?)j.Id) ?? 0;
    }

    private async Task<int> FireAsync(DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DailySchedules>().FireDueAsync(now);
    }

    [Fact]
    public void A_local_time_skipped_in_spring_fires_at_the_same_distance_after_the_change_and_a_repeated_one_fires_at_its_first_occurrence()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        // 29 March 2026: 02:00 → 03:00 local. 02:30 does not exist: 02:30 read at +01:00 = 01:30Z (03:30 local).
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), DailySchedules.Occurrence(new DateOnly(2026, 3, 29), 2, 30, paris));
        // 25 October 2026: 03:00 → 02:00 local. 02:30 happens twice: the first, at +02:00 = 00:30Z.
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), DailySchedules.Occurrence(new DateOnly(2026, 10, 25), 2, 30, paris));
        // The latest and next occurrences around the spring change, and a plain day.
        var springEve = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), DailySchedules.Next(2, 30, paris, springEve));
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 1, 30, 0, TimeSpan.Zero), DailySchedules.Latest(2, 30, paris, springEve));
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 1, 30, 0, TimeSpan.Zero), DailySchedules.Latest(2, 30, paris, new DateTimeOffset(2026, 3, 28, 1, 30, 0, TimeSpan.Zero)));
    }
}

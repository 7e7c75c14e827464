using TwinningCloud.Web.Platform.Jobs;

namespace TwinningCloud.Tests.Jobs;

/// <summary>Cron expressions read in a time zone, daylight-saving changes included (no database).</summary>
public sealed class CronScheduleTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static List<DateTimeOffset> Occurrences(string cron, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var schedule = CronSchedule.Parse(cron);
        var list = new List<DateTimeOffset>();
        for (var next = schedule.Next(from, zone); next is { } n && n <= to; next = schedule.Next(n, zone))
        {
            list.Add(n);
        }
        return list;
    }

    [Fact]
    public void A_daily_time_skipped_by_the_spring_change_fires_once_an_hour_later_on_that_day()
    {
        var fires = Occurrences("30 2 * * *", Paris, Utc(3, 27, 12), Utc(3, 31, 12));

        // 28 March 02:30 CET = 01:30Z; 29 March 02:30 does not exist: 03:30 CEST = 01:30Z; then 02:30 CEST = 00:30Z.
        Assert.Equal([Utc(3, 28, 1, 30), Utc(3, 29, 1, 30), Utc(3, 30, 0, 30), Utc(3, 31, 0, 30)], fires);
        Assert.Equal(new DateTime(2026, 3, 29, 3, 30, 0), TimeZoneInfo.ConvertTime(fires[1], Paris).DateTime);
    }

    [Fact]
    public void A_daily_time_repeated_by_the_autumn_change_fires_once_at_its_first_occurrence()
    {
        var fires = Occurrences("30 2 * * *", Paris, Utc(10, 23, 12), Utc(10, 27, 12));

        // 25 October 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET): only the first.
        Assert.Equal([Utc(10, 24, 0, 30), Utc(10, 25, 0, 30), Utc(10, 26, 1, 30), Utc(10, 27, 1, 30)], fires);
    }

    [Fact]
    public void Every_half_hour_across_both_changes_never_fires_the_same_instant_twice_nor_goes_back_in_time()
    {
        var spring = Occurrences("*/30 * * * *", Paris, Utc(3, 28, 23, 45), Utc(3, 29, 2, 15));
        Assert.Equal([Utc(3, 29, 0), Utc(3, 29, 0, 30), Utc(3, 29, 1), Utc(3, 29, 1, 30), Utc(3, 29, 2)], spring);

        var autumn = Occurrences("*/30 * * * *", Paris, Utc(10, 24, 23, 45), Utc(10, 25, 2, 15));
        // Local 02:00 and 02:30 are repeated: fired once each (first pass), so 01:00Z and 01:30Z are skipped.
        Assert.Equal([Utc(10, 25, 0), Utc(10, 25, 0, 30), Utc(10, 25, 2)], autumn);
        Assert.Equal(autumn.Distinct().Count(), autumn.Count);
    }

    [Fact]
    public void Eight_oclock_in_Paris_is_seven_UTC_in_winter_and_six_UTC_in_summer()
    {
        var schedule = CronSchedule.Parse("0 8 * * *");
        Assert.Equal(Utc(3, 28, 7), schedule.Next(Utc(3, 28, 0), Paris));
        Assert.Equal(Utc(3, 29, 6), schedule.Next(Utc(3, 28, 7), Paris));
        Assert.Equal(Utc(10, 25, 7), schedule.Next(Utc(10, 24, 6), Paris));
    }

    [Theory]
    [InlineData("0,15,45 9-17/2 * * 1-5", "2026-11-21T10:00:00Z", "2026-11-23T09:00:00Z")] // Saturday → Monday 09:00
    [InlineData("0,15,45 9-17/2 * * 1-5", "2026-11-23T09:00:00Z", "2026-11-23T09:15:00Z")]
    [InlineData("0,15,45 9-17/2 * * 1-5", "2026-11-23T09:45:00Z", "2026-11-23T11:00:00Z")] // 10 is not in 9-17/2
    [InlineData("0,15,45 9-17/2 * * 1-5", "2026-11-23T17:45:00Z", "2026-11-24T09:00:00Z")]
    [InlineData("*/20 * * * *", "2026-11-23T09:41:00Z", "2026-11-23T10:00:00Z")]
    [InlineData("5/20 * * * *", "2026-11-23T09:46:00Z", "2026-11-23T10:05:00Z")]
    [InlineData("0 0 * * 7", "2026-11-23T00:00:00Z", "2026-11-29T00:00:00Z")] // 7 is Sunday, like 0
    [InlineData("0 0 * * 0", "2026-11-23T00:00:00Z", "2026-11-29T00:00:00Z")]
    [InlineData("0 0 13 * 5", "2026-11-21T00:00:00Z", "2026-11-27T00:00:00Z")] // both day fields: either matches (Friday 27th)
    [InlineData("0 0 13 * 5", "2026-11-28T00:00:00Z", "2026-12-04T00:00:00Z")]
    [InlineData("0 0 13 * *", "2026-11-28T00:00:00Z", "2026-12-13T00:00:00Z")]
    [InlineData("0 12 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T12:00:00Z")] // leap day
    [InlineData("  0   8 * * *  ", "2026-11-23T08:00:00Z", "2026-11-24T08:00:00Z")]
    public void Lists_ranges_steps_and_day_fields(string cron, string after, string expected)
    {
        var next = CronSchedule.Parse(cron).Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void A_date_that_never_comes_has_no_next_occurrence()
    {
        Assert.Null(CronSchedule.Parse("0 0 30 2 *").Next(Utc(1, 1, 0), TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("")]
    [InlineData("* * * *")]
    [InlineData("* * * * * *")]
    [InlineData("60 * * * *")]
    [InlineData("* 24 * * *")]
    [InlineData("* * 0 * *")]
    [InlineData("* * 32 * *")]
    [InlineData("* * * 0 *")]
    [InlineData("* * * 13 *")]
    [InlineData("* * * * 8")]
    [InlineData("5-1 * * * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("-1 * * * *")]
    [InlineData("1,,2 * * * *")]
    [InlineData("a * * * *")]
    [InlineData("@daily")]
    [InlineData("0 8 * * MON")]
    public void Invalid_expressions_are_rejected(string cron)
    {
        Assert.Throws<FormatException>(() => CronSchedule.Parse(cron));
        Assert.False(CronSchedule.TryParse(cron, out var schedule));
        Assert.Null(schedule);
    }
}

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week; <c>*</c>, lists, ranges and
/// steps; day-of-week 0–7 with 0 and 7 for Sunday; when both day fields are restricted, either matches)
/// read in a time zone. Daylight-saving changes: a local time skipped in spring fires at the same
/// distance after the change (02:30 → 03:30); a local time repeated in autumn fires once, at its first
/// occurrence. So "0 8 * * *" in Europe/Paris fires at 08:00 local every day: 07:00 UTC in winter,
/// 06:00 UTC in summer.
/// </summary>
public sealed class CronSchedule
{
    private readonly bool[] _minutes = new bool[60];
    private readonly bool[] _hours = new bool[24];
    private readonly bool[] _days = new bool[32];
    private readonly bool[] _months = new bool[13];
    private readonly bool[] _weekdays = new bool[7];
    private readonly bool _anyDay;
    private readonly bool _anyWeekday;

    public string Expression { get; }

    private CronSchedule(string expression)
    {
        Expression = expression;
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"'{expression}' is not a five-field cron expression.");
        }
        Fill(_minutes, fields[0], 0, 59);
        Fill(_hours, fields[1], 0, 23);
        Fill(_days, fields[2], 1, 31);
        Fill(_months, fields[3], 1, 12);
        var weekdays = new bool[8];
        Fill(weekdays, fields[4], 0, 7);
        for (var d = 0; d < 7; d++)
        {
            _weekdays[d] = weekdays[d] || (d == 0 && weekdays[7]);
        }
        _anyDay = fields[2] == "*";
        _anyWeekday = fields[4] == "*";
    }

    public static CronSchedule Parse(string expression) => new(expression.Trim());

    public static bool TryParse(string expression, out CronSchedule? schedule)
    {
        try
        {
            schedule = Parse(expression);
            return true;
        }
        catch (FormatException)
        {
            schedule = null;
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, as a UTC instant; null if none within five years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        var localStart = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        localStart = new DateTime(localStart.Year, localStart.Month, localStart.Day, localStart.Hour, localStart.Minute, 0, DateTimeKind.Unspecified);
        // Start an hour earlier: in autumn's repeated hour, local clock times before "after" can still be later instants.
        var day = localStart.AddHours(-1).Date;
        for (var i = 0; i < 366 * 5; i++, day = day.AddDays(1))
        {
            if (!_months[day.Month] || !DayMatches(day))
            {
                continue;
            }
            for (var h = 0; h < 24; h++)
            {
                if (!_hours[h])
                {
                    continue;
                }
                for (var m = 0; m < 60; m++)
                {
                    if (!_minutes[m])
                    {
                        continue;
                    }
                    var instant = ToInstant(day.AddHours(h).AddMinutes(m), zone);
                    if (instant > after)
                    {
                        return instant;
                    }
                }
            }
        }
        return null;
    }

    private bool DayMatches(DateTime day)
    {
        var dom = _days[day.Day];
        var dow = _weekdays[(int)day.DayOfWeek];
        return (_anyDay, _anyWeekday) switch
        {
            (true, true) => true,
            (true, false) => dow,
            (false, true) => dom,
            _ => dom || dow,
        };
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local))
        {
            // Skipped by a spring change: keep the offset in force before it (02:30 +01:00 is 03:30 +02:00).
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local, before).ToUniversalTime();
        }
        if (zone.IsAmbiguousTime(local))
        {
            // Repeated by an autumn change: the first occurrence, i.e. the larger (summer) offset.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static void Fill(bool[] target, string field, int min, int max)
    {
        foreach (var part in field.Split(','))
        {
            var step = 1;
            var range = part;
            var slash = part.IndexOf('/');
            if (slash >= 0)
            {
                step = ParseNumber(part[(slash + 1)..], 1, max, field);
                range = part[..slash];
            }
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.IndexOf('-') is var dash and > 0)
            {
                from = ParseNumber(range[..dash], min, max, field);
                to = ParseNumber(range[(dash + 1)..], min, max, field);
                if (to < from)
                {
                    throw new FormatException($"Range '{range}' runs backwards.");
                }
            }
            else
            {
                from = ParseNumber(range, min, max, field);
                to = slash >= 0 ? max : from;
            }
            for (var v = from; v <= to; v += step)
            {
                target[v] = true;
            }
        }
    }

    private static int ParseNumber(string text, int min, int max, string field) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"'{text}' in cron field '{field}' is not a number from {min} to {max}.");
}

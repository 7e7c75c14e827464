using System.Globalization;

namespace TwinningCloud.Web.Platform.Localization;

/// <summary>How dates and times are written, the same on public and staff pages of one language (dates with a precision: <c>PublicDates</c>).</summary>
public static class DisplayDates
{
    /// <summary>"23 mai 1991" / "23 May 1991".</summary>
    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>A moment in a zone, with the zone: "27 novembre 2026 11:38 UTC+1" / "27 November 2026 11:38 AM UTC+1".</summary>
    public static string Time(DateTimeOffset at, TimeZoneInfo zone, bool seconds = false)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return $"{Date(DateOnly.FromDateTime(local.DateTime))} {local.ToString(seconds ? "T" : "t", CultureInfo.CurrentCulture)} {Offset(local.Offset)}";
    }

    /// <summary>"UTC", "UTC+1", "UTC-3", "UTC+5:30".</summary>
    public static string Offset(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC"
        : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().Hours.ToString(CultureInfo.InvariantCulture)
          + (offset.Minutes != 0 ? ":" + offset.Duration().Minutes.ToString("00", CultureInfo.InvariantCulture) : "");

    /// <summary>The machine-readable value of a <c>&lt;time&gt;</c> element for a moment.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

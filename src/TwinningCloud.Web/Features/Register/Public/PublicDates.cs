using System.Globalization;
using TwinningCloud.Web.Features.Register.Agreements;

namespace TwinningCloud.Web.Features.Register.Public;

/// <summary>Dates of the public pages in the current culture ("23 mai 1991" / "23 May 1991", "mai 1991", "2001").</summary>
public static class PublicDates
{
    public static string Format(DateOnly date, DatePrecision precision = DatePrecision.Day) => precision switch
    {
        DatePrecision.Year => date.Year.ToString(CultureInfo.CurrentCulture),
        DatePrecision.Month => date.ToString("MMMM yyyy", CultureInfo.CurrentCulture),
        _ => TwinningCloud.Web.Platform.Localization.DisplayDates.Date(date),
    };

    /// <summary>The machine-readable value of a <c>&lt;time&gt;</c> element.</summary>
    public static string Iso(DateOnly date, DatePrecision precision = DatePrecision.Day) => precision switch
    {
        DatePrecision.Year => date.ToString("yyyy", CultureInfo.InvariantCulture),
        DatePrecision.Month => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}

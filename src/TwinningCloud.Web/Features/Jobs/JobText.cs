using System.Globalization;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Web.Features.Jobs;

/// <summary>How the jobs pages write a job's kind, state, times and error.</summary>
public static class JobText
{
    public const int ShortErrorLength = 120;

    /// <summary>A registered kind's display text (its module's <c>jobs.kind.{kind}</c>); a kind nobody registers shows as it is stored.</summary>
    public static string KindName(Texts texts, JobKinds kinds, string kind) =>
        kinds.Find(kind) is { } known ? texts[known.TextKey] : kind;

    /// <summary>The state's name as it is stored (<c>dead</c>): the filter's value, the text key's end and the badge's class.</summary>
    public static string Key(JobState state) => state.ToString().ToLowerInvariant();

    public static string StateName(Texts texts, JobState state) => texts["jobs.state." + Key(state)];

    /// <summary>A shape beside the state's name on its badge, so that the state does not rest on colour alone.</summary>
    public static string Symbol(JobState state) => state switch
    {
        JobState.Queued => "◷",
        JobState.Running => "▶",
        JobState.Succeeded => "✓",
        JobState.Failed => "↻",
        JobState.Dead => "✕",
        _ => "–",
    };

    /// <summary>A time in the given zone, in the current culture ("22/11/2026 08:00").</summary>
    public static string Time(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } value ? DisplayDates.Time(value, zone) : string.Empty;

    /// <summary>A time in the given zone with seconds (details page).</summary>
    public static string LongTime(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } value ? DisplayDates.Time(value, zone, seconds: true) : string.Empty;

    /// <summary>The machine-readable form for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Shorten(string? error) =>
        error is null ? string.Empty
        : error.Length <= ShortErrorLength ? error
        : error[..ShortErrorLength].TrimEnd() + "…";

}

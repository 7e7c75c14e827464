using System.Globalization;
using TwinningCloud.Web.Platform.Web;

namespace TwinningCloud.Web.Features.Collectives.Meetings;

/// <summary>The staff's meeting form: the day and times as typed in the town's time zone, a place and/or a link, an agenda.</summary>
public sealed class MeetingForm
{
    public static readonly string[] FieldOrder = ["Title", "Date", "Start", "End", "Place", "OnlineLink", "Agenda"];

    public string? Title { get; set; }
    /// <summary>yyyy-MM-dd (an input of type date).</summary>
    public string? Date { get; set; }
    /// <summary>HH:mm (an input of type time).</summary>
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? Place { get; set; }
    public string? OnlineLink { get; set; }
    public string? Agenda { get; set; }

    public static MeetingForm From(CollectiveMeeting m, TimeZoneInfo zone)
    {
        var start = TimeZoneInfo.ConvertTime(m.StartsAt, zone);
        var end = TimeZoneInfo.ConvertTime(m.EndsAt, zone);
        return new MeetingForm
        {
            Title = m.Title, Date = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Start = start.ToString("HH:mm", CultureInfo.InvariantCulture), End = end.ToString("HH:mm", CultureInfo.InvariantCulture),
            Place = m.Place, OnlineLink = m.OnlineLink, Agenda = m.AgendaMarkdown,
        };
    }

    /// <summary>The input, or null with the errors (field → text key) filled. A meeting ends the same day, after it starts, in the future.</summary>
    public MeetingInput? Validate(TimeZoneInfo zone, DateTimeOffset now, Dictionary<string, string> errors)
    {
        var title = Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > CollectiveMeeting.MaxTitle || SingleLineText.HasControlCharacters(title))
        {
            errors["Title"] = "collectives.meetings.error.title";
        }
        DateTimeOffset? starts = null, ends = null;
        if (!DateOnly.TryParseExact(Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors["Date"] = "collectives.meetings.error.date";
        }
        else
        {
            starts = At(day, Start, zone);
            ends = At(day, End, zone);
            if (starts is null)
            {
                errors["Start"] = "collectives.meetings.error.time";
            }
            else if (starts <= now)
            {
                errors["Date"] = "collectives.meetings.error.past";
            }
            if (ends is null)
            {
                errors["End"] = "collectives.meetings.error.time";
            }
            else if (starts is not null && ends <= starts)
            {
                errors["End"] = "collectives.meetings.error.end";
            }
        }
        var place = Place?.Trim() is { Length: > 0 } p ? p : null;
        var link = OnlineLink?.Trim() is { Length: > 0 } l ? l : null;
        if (place is null && link is null)
        {
            errors["Place"] = "collectives.meetings.error.where";
        }
        else if (place is { Length: > CollectiveMeeting.MaxPlace } || (place is not null && SingleLineText.HasControlCharacters(place)))
        {
            errors["Place"] = "collectives.meetings.error.place";
        }
        if (link is not null && (link.Length > CollectiveMeeting.MaxLink || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            errors["OnlineLink"] = "collectives.meetings.error.link";
        }
        var agenda = Agenda?.Trim() is { Length: > 0 } a ? a : null;
        if (agenda is { Length: > CollectiveMeeting.MaxAgenda })
        {
            errors["Agenda"] = "collectives.meetings.error.agenda";
        }
        return errors.Count > 0 ? null : new MeetingInput(title!, starts!.Value, ends!.Value, place, link, agenda);
    }

    /// <summary>The moment of <paramref name="time"/> (HH:mm) on <paramref name="day"/> in <paramref name="zone"/>; null for a bad or skipped time (a daylight-saving gap).</summary>
    private static DateTimeOffset? At(DateOnly day, string? time, TimeZoneInfo zone)
    {
        if (!TimeOnly.TryParseExact(time?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return null;
        }
        var local = day.ToDateTime(t, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return null;
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>What the form partial shows: the form, its errors (field → text key) and the submit button's text key.</summary>
public sealed record MeetingFormView(MeetingForm Form, IReadOnlyDictionary<string, string> Errors, string SubmitKey, string TimeZoneLabel);

public static class TimeZoneLabel
{
    /// <summary>"Europe/Paris (UTC+1)": the zone meetings are typed in, with its offset now.</summary>
    public static string Of(TimeZoneInfo zone) => $"{zone.Id} ({TwinningCloud.Web.Platform.Localization.DisplayDates.Offset(zone.GetUtcOffset(DateTime.UtcNow))})";
}

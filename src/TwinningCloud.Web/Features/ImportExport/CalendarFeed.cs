using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Agreements;
using TwinningCloud.Web.Features.Networks;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.ImportExport;

/// <summary>
/// The tenant's iCalendar feed (RFC 5545) of agreement review dates and membership renewal dates, for
/// staff calendars: internal items included. All-day events; UIDs stable per item so that calendar apps
/// update rather than duplicate; SUMMARY in the tenant's language.
/// </summary>
public sealed class CalendarFeed(AppDbContext db, TenantContext tenant, Texts texts)
{
    public sealed record Event(string Uid, DateOnly Date, string Summary, string? Description);

    public async Task<List<Event>> EventsAsync(CancellationToken ct)
    {
        var info = tenant.Required;
        var culture = CultureInfo.GetCultureInfo(info.DefaultCulture);
        // Behind its secret address the feed is for staff's calendars: internal items too, on purpose (PublicVisibility).
        var agreements = await db.Set<Agreement>().AsNoTracking().IncludingInternal().Where(a => a.NextReviewOn != null)
            .Select(a => new { a.Id, a.Title, a.NextReviewOn, a.IsPublic }).ToListAsync(ct);
        var memberships = await db.Set<NetworkMembership>().AsNoTracking().IncludingInternal().Where(m => m.RenewalOn != null)
            .Select(m => new { m.Id, m.Network!.Acronym, m.Network.Name, m.RenewalOn, m.IsPublic }).ToListAsync(ct);
        var host = $"{info.Slug}.twinningcloud";
        return agreements.Select(a => new Event($"agreement-review-{a.Id}@{host}", a.NextReviewOn!.Value,
                    string.Format(culture, texts.Get("importexport.calendar.review", culture), a.Title),
                    a.IsPublic ? null : texts.Get("importexport.internal", culture)))
            .Concat(memberships.Select(m => new Event($"membership-renewal-{m.Id}@{host}", m.RenewalOn!.Value,
                    string.Format(culture, texts.Get("importexport.calendar.renewal", culture), m.Acronym), m.Name)))
            .OrderBy(e => e.Date).ThenBy(e => e.Uid, StringComparer.Ordinal).ToList();
    }

    public async Task<string> IcsAsync(CancellationToken ct)
    {
        var info = tenant.Required;
        var culture = CultureInfo.GetCultureInfo(info.DefaultCulture);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var ics = new StringBuilder();
        void Line(string text) => ics.Append(Fold(text)).Append("\r\n");
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//TwinningCloud//Register calendar//EN");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape(string.Format(culture, texts.Get("importexport.calendar.name", culture), info.DisplayName)));
        foreach (var e in await EventsAsync(ct))
        {
            Line("BEGIN:VEVENT");
            Line("UID:" + e.Uid);
            Line("DTSTAMP:" + stamp);
            Line("DTSTART;VALUE=DATE:" + e.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line("DTEND;VALUE=DATE:" + e.Date.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line("SUMMARY:" + Escape(e.Summary));
            if (e.Description is not null)
            {
                Line("DESCRIPTION:" + Escape(e.Description));
            }
            Line("TRANSP:TRANSPARENT");
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return ics.ToString();
    }

    /// <summary>TEXT escaping of RFC 5545 §3.3.11: backslash, semicolon, comma, newline.</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence.</summary>
    public static string Fold(string line)
    {
        if (Encoding.UTF8.GetByteCount(line) <= 75)
        {
            return line;
        }
        var result = new StringBuilder();
        var octets = 0;
        var limit = 75;
        var runes = line.EnumerateRunes().ToList();
        foreach (var rune in runes)
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                result.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts
            }
            result.Append(rune.ToString());
            octets += size;
        }
        return result.ToString();
    }
}

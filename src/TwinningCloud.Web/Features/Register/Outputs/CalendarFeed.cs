using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Outputs;

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
        var name = string.Format(culture, texts.Get("importexport.calendar.name", culture), info.DisplayName);
        return Serialize(name, await EventsAsync(ct), DateTime.UtcNow);
    }

    /// <summary>
    /// The feed as RFC 5545 text, written by Ical.Net: all-day events (DTSTART and DTEND as dates), TEXT
    /// values escaped and lines folded at 75 octets by the library.
    /// </summary>
    public static string Serialize(string calendarName, IEnumerable<Event> events, DateTime stampUtc)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//TwinningCloud//Register calendar//EN", Method = "PUBLISH", Scale = "GREGORIAN" };
        calendar.AddProperty("X-WR-CALNAME", calendarName);
        var stamp = new CalDateTime(DateTime.SpecifyKind(stampUtc, DateTimeKind.Utc));
        foreach (var e in events)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = e.Uid,
                DtStamp = stamp,
                DtStart = new CalDateTime(e.Date),
                DtEnd = new CalDateTime(e.Date.AddDays(1)),
                Summary = e.Summary,
                Description = e.Description,
                Transparency = TransparencyType.Transparent,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives.Meetings;

/// <summary>
/// Job <c>collectives.meeting-mail</c>: one batch (≤ 100) of a meeting's mails, one per member in the member's
/// language, over one SMTP connection. Each invitation, update or reminder carries its own answer link (a new secret
/// whose SHA-256 is stored on the mail row before the mail leaves); invitations, updates and cancellations carry an
/// iCalendar file (METHOD:REQUEST or CANCEL, a UID stable per meeting, SEQUENCE). A mail already sent is skipped;
/// a member who left or unsubscribed meanwhile gets nothing; a reminder of a cancelled meeting or to someone who
/// answered no is not sent. RFC 8058 one-click unsubscribe as for announcements.
/// </summary>
public sealed class MeetingMailJob(
    AppDbContext db, TenantContext tenantContext, IEmailSender sender, MeetingMailComposer composer, TimeProvider clock) : IJobHandler
{
    public const string Kind = "collectives.meeting-mail";

    public sealed record Payload(Guid MeetingId, List<Guid> MailIds);

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var tenant = tenantContext.Required;
        var payload = job.Read<Payload>();
        if (!tenant.HasModule(ModuleKeys.Collectives))
        {
            return;
        }
        var meeting = await db.Set<CollectiveMeeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == payload.MeetingId, ct);
        var collective = meeting is null ? null
            : await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == meeting.CollectiveId, ct);
        if (meeting is null || collective is null)
        {
            return;
        }
        var mails = await db.Set<MeetingMail>()
            .Where(d => d.MeetingId == meeting.Id && payload.MailIds.Contains(d.Id) && d.State == DeliveryState.Planned)
            .ToListAsync(ct);
        var memberIds = mails.Select(d => d.MemberId).ToList();
        var members = await db.Set<CollectiveMember>().AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var answeredNo = await db.Set<MeetingRsvp>().Where(r => r.MeetingId == meeting.Id && memberIds.Contains(r.MemberId) && r.Answer == RsvpAnswer.No)
            .Select(r => r.MemberId).ToListAsync(ct);
        var sending = new List<(MeetingMail Mail, CollectiveMember Member, string? Secret)>();
        foreach (var d in mails)
        {
            if (!members.TryGetValue(d.MemberId, out var m) || m.Status != MemberStatus.Member)
            {
                (d.State, d.Error) = (DeliveryState.Failed, "not a member any more");
            }
            else if (m.Unsubscribed)
            {
                d.State = DeliveryState.Unsubscribed;
            }
            else if (d.Kind == MeetingMailKind.Reminder && (meeting.IsCancelled || answeredNo.Contains(m.Id)))
            {
                (d.State, d.Error) = (DeliveryState.Failed, meeting.IsCancelled ? "meeting cancelled" : "answered no");
            }
            else if (d.Kind != MeetingMailKind.Cancellation && meeting.IsCancelled)
            {
                (d.State, d.Error) = (DeliveryState.Failed, "meeting cancelled");
            }
            else
            {
                string? secret = null;
                if (d.Kind != MeetingMailKind.Cancellation)
                {
                    secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
                    d.RsvpHash = CitizenTokens.HashOf(secret);
                }
                sending.Add((d, m, secret));
            }
        }
        // The answer links' hashes are stored before the mails leave: a link works as soon as it arrives.
        await db.SaveChangesAsync(ct);
        var messages = sending.Select(s => composer.Compose(tenant, collective, meeting, s.Mail, s.Member, s.Secret)).ToList();
        var outcomes = messages.Count == 0 ? [] : await sender.SendManyAsync(messages, ct);
        var now = clock.GetUtcNow();
        var transient = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var d = sending[i].Mail;
            if (outcomes[i].Sent)
            {
                (d.State, d.SentAt) = (DeliveryState.Sent, now);
            }
            else if (outcomes[i].Permanent)
            {
                var error = outcomes[i].Error!.Message;
                (d.State, d.Error) = (DeliveryState.Failed, error.Length > 1000 ? error[..1000] : error);
            }
            else
            {
                transient++;
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        if (transient > 0)
        {
            throw new TransientEmailException($"{transient} meeting mail(s) not sent now; the batch is retried for them.");
        }
    }
}

/// <summary>Writes a meeting mail (text, HTML, iCalendar) in the member's language, with the town's time zone named.</summary>
public sealed class MeetingMailComposer(Texts texts, PublicOrigin origin, CitizenTokens tokens, IOptions<EmailOptions> email)
{
    public const string RsvpPath = "/collectives/meetings/rsvp?t=";

    public EmailMessage Compose(TenantInfo tenant, Collective collective, CollectiveMeeting meeting, MeetingMail mail, CollectiveMember member, string? rsvpSecret)
    {
        var culture = SupportedCultures.Culture(SupportedCultures.IsSupported(member.Language) ? member.Language : SupportedCultures.French);
        string T(string key, params object[] args) => string.Format(culture, texts.Get(key, culture), args);
        var name = CollectiveNames.In(collective, tenant, culture.TwoLetterISOLanguageName);
        var kind = mail.Kind.ToString().ToLowerInvariant();
        var when = When(meeting, tenant.TimeZone, culture);
        var unsubscribe = origin.Link(tenant, "/collectives/unsubscribe?t=" + tokens.UnsubscribeSecret(member.Id));
        var answer = rsvpSecret is null ? null : origin.Link(tenant, RsvpPath + rsvpSecret);
        var subject = T($"collectives.meetings.mail.{kind}.subject", name, meeting.Title, when);
        var intro = T($"collectives.meetings.mail.{kind}.intro", name);
        var answerText = T("collectives.meetings.mail.answer");
        var footer = T("collectives.announce.mail.footer", name);
        var unsubscribeText = T("collectives.announce.mail.unsubscribe");
        var where = new List<(string Label, string Value)> { (T("collectives.meetings.field.when"), when) };
        if (meeting.Place is { Length: > 0 } place)
        {
            where.Add((T("collectives.meetings.field.place"), place));
        }
        if (meeting.OnlineLink is { Length: > 0 } link)
        {
            where.Add((T("collectives.meetings.field.link"), link));
        }
        var agendaText = meeting.AgendaMarkdown is { Length: > 0 } a ? AnnouncementMarkdown.ToText(a) : null;
        var agendaHtml = meeting.AgendaMarkdown is { Length: > 0 } b ? AnnouncementMarkdown.ToHtml(b) : null;

        var text = new StringBuilder().Append(intro).Append("\n\n").Append(meeting.Title).Append("\n\n");
        foreach (var (label, value) in where)
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
        }
        if (agendaText is not null)
        {
            text.Append('\n').Append(T("collectives.meetings.field.agenda")).Append(":\n").Append(agendaText).Append('\n');
        }
        if (answer is not null)
        {
            text.Append('\n').Append(answerText).Append(":\n").Append(answer).Append('\n');
        }
        text.Append("\n— ").Append(tenant.DisplayName).Append("\n\n").Append(footer).Append('\n').Append(unsubscribeText).Append(": ").Append(unsubscribe).Append('\n');

        var enc = HtmlEncoder.Default;
        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{culture.TwoLetterISOLanguageName}"><head><meta charset="utf-8"><title>{enc.Encode(subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5">
            <p style="font-weight: 700; font-size: 1.1em">{enc.Encode(tenant.DisplayName)} — {enc.Encode(name)}</p>
            <p>{enc.Encode(intro)}</p>
            <h1 style="font-size: 1.2em">{enc.Encode(meeting.Title)}</h1>
            <ul>
            """);
        foreach (var (label, value) in where)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{enc.Encode(label)}: {enc.Encode(value)}</li>");
        }
        html.Append("</ul>");
        if (agendaHtml is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2 style=\"font-size: 1.05em\">{enc.Encode(T("collectives.meetings.field.agenda"))}</h2>").Append(agendaHtml);
        }
        if (answer is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{enc.Encode(answer)}\" style=\"color: #1d4f91; font-weight: 700\">{enc.Encode(answerText)}</a></p>");
        }
        html.Append(CultureInfo.InvariantCulture, $"""
            <hr>
            <p style="font-size: .9em">{enc.Encode(footer)} <a href="{enc.Encode(unsubscribe)}" style="color: #1d4f91">{enc.Encode(unsubscribeText)}</a></p>
            </body></html>
            """);

        var attachments = mail.Kind == MeetingMailKind.Reminder ? null : new[]
        {
            new EmailAttachment(
                mail.Kind == MeetingMailKind.Cancellation ? "cancel.ics" : "invite.ics",
                $"text/calendar; method={(mail.Kind == MeetingMailKind.Cancellation ? "CANCEL" : "REQUEST")}; charset=utf-8",
                Encoding.UTF8.GetBytes(Calendar(tenant, name, meeting, member, mail.Kind == MeetingMailKind.Cancellation, answer ?? origin.Link(tenant, $"/collectives/{collective.Id}")))),
        };
        return new EmailMessage(member.Email, subject, text.ToString(), html.ToString(), tenant.DisplayName)
        {
            MessageId = $"meeting-{meeting.Id:N}-{mail.Id:N}@twinningcloud",
            Headers = new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = $"<{unsubscribe}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
            Attachments = attachments,
        };
    }

    /// <summary>"mardi 8 décembre 2026, 18:30–20:00 UTC+1" in the town's zone, in the reader's language.</summary>
    public static string When(CollectiveMeeting meeting, TimeZoneInfo zone, CultureInfo culture)
    {
        var start = TimeZoneInfo.ConvertTime(meeting.StartsAt, zone);
        var end = TimeZoneInfo.ConvertTime(meeting.EndsAt, zone);
        var day = start.ToString("dddd d MMMM yyyy", culture);
        var endText = end.Date == start.Date ? end.ToString("t", culture) : end.ToString("d MMMM t", culture);
        return $"{day}, {start.ToString("t", culture)}–{endText} {DisplayDates.Offset(start.Offset)}";
    }

    /// <summary>The meeting as an RFC 5545 file, written by Ical.Net: METHOD:REQUEST (or CANCEL), UID stable per meeting, times in UTC.</summary>
    public string Calendar(TenantInfo tenant, string collectiveName, CollectiveMeeting meeting, CollectiveMember member, bool cancel, string url)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//TwinningCloud//Collective meetings//EN", Method = cancel ? "CANCEL" : "REQUEST", Scale = "GREGORIAN" };
        var location = string.Join(" — ", new[] { meeting.Place, meeting.OnlineLink }.Where(s => !string.IsNullOrWhiteSpace(s)));
        calendar.Events.Add(new CalendarEvent
        {
            Uid = Uid(tenant, meeting),
            Sequence = meeting.Sequence,
            DtStamp = new CalDateTime(DateTime.SpecifyKind(meeting.UpdatedAt.UtcDateTime, DateTimeKind.Utc)),
            DtStart = new CalDateTime(DateTime.SpecifyKind(meeting.StartsAt.UtcDateTime, DateTimeKind.Utc)),
            DtEnd = new CalDateTime(DateTime.SpecifyKind(meeting.EndsAt.UtcDateTime, DateTimeKind.Utc)),
            Summary = $"{collectiveName}: {meeting.Title}",
            Description = meeting.AgendaMarkdown is { Length: > 0 } a ? AnnouncementMarkdown.ToText(a) : null,
            Location = location.Length > 0 ? location : null,
            Url = Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : null,
            Status = cancel ? "CANCELLED" : "CONFIRMED",
            Organizer = new Organizer("mailto:" + email.Value.From.Trim()) { CommonName = tenant.DisplayName },
            Attendees = [new Attendee("mailto:" + member.Email) { CommonName = member.Name, Rsvp = false, ParticipationStatus = "NEEDS-ACTION", Role = "REQ-PARTICIPANT" }],
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    public static string Uid(TenantInfo tenant, CollectiveMeeting meeting) => $"meeting-{meeting.Id:N}@{tenant.Slug}.twinningcloud";
}

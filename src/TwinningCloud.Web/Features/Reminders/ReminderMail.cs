using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Reminders;

/// <summary>
/// Job <c>reminders.send</c>: mails one reminder (or a digest of several) and marks it sent. Idempotent
/// effect: a delivery already marked sent is not mailed again, and each delivery is checked against the
/// item as it is now (a changed date, an ended or deleted item cancels it). The crash window: a worker
/// that dies after handing the mail to the SMTP server (event 5101) and before the "sent" mark is
/// committed (event 5103) may mail it again on the retry; outside that window a reminder is mailed once.
/// </summary>
public sealed partial class ReminderMail(
    AppDbContext db, TenantContext tenantContext, IEmailSender sender, Texts texts, PublicOrigin origin, TimeProvider clock, ILogger<ReminderMail> logger) : IJobHandler
{
    public const string Kind = "reminders.send";
    public const string NoRecipient = "no-recipient";
    public const string DateChanged = "date-changed";
    public const string ItemGone = "item-gone";
    public const string ModuleOff = "module-off";

    public sealed record Payload(List<Guid> DeliveryIds);

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var tenant = tenantContext.Required;
        var ids = job.Read<Payload>().DeliveryIds;
        var deliveries = await db.Set<ReminderDelivery>()
            .Where(d => ids.Contains(d.Id) && d.State == ReminderDeliveryState.Planned)
            .OrderBy(d => d.DueOn).ThenBy(d => d.ItemTitle)
            .ToListAsync(ct);
        if (deliveries.Count == 0)
        {
            return; // already sent (a retry after the crash window closed) or cancelled
        }
        if (!tenant.HasModule(ModuleKeys.Reminders))
        {
            await CancelAsync(deliveries, ModuleOff, ct);
            return;
        }
        // The items as they are now, one query per subject (a digest checks all its items at once).
        var current = new Dictionary<(ReminderSubject, Guid), RemindedItem>();
        foreach (var subject in deliveries.GroupBy(d => d.Subject))
        {
            foreach (var item in await ReminderSweep.RemindableAsync(db, subject.Key, null, null, subject.Select(d => d.ItemId).ToList(), ct))
            {
                current[(item.Subject, item.Id)] = item;
            }
        }
        var valid = new List<ReminderDelivery>();
        foreach (var d in deliveries)
        {
            var item = current.GetValueOrDefault((d.Subject, d.ItemId));
            if (item is null || item.Date != d.DueOn)
            {
                d.State = ReminderDeliveryState.Cancelled;
                d.CancelReason = item is null ? ItemGone : DateChanged;
            }
            else
            {
                valid.Add(d);
            }
        }
        if (valid.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var recipients = valid.SelectMany(d => d.Recipients).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var message = Compose(tenant, valid, string.Join(", ", recipients));
        LogSending(job.Id, string.Join(',', valid.Select(d => d.Id)));
        await sender.SendAsync(message, ct);
        LogAccepted(job.Id, string.Join(',', valid.Select(d => d.Id)));
        var now = clock.GetUtcNow();
        foreach (var d in valid)
        {
            d.State = ReminderDeliveryState.Sent;
            d.SentAt = now;
        }
        await db.SaveChangesAsync(CancellationToken.None);
        LogRecorded(job.Id, string.Join(',', valid.Select(d => d.Id)));
    }

    private async Task CancelAsync(List<ReminderDelivery> deliveries, string reason, CancellationToken ct)
    {
        foreach (var d in deliveries)
        {
            d.State = ReminderDeliveryState.Cancelled;
            d.CancelReason = reason;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The mail in the tenant's language: one reminder, or a digest listing several, each with a link to its item.</summary>
    public EmailMessage Compose(TenantInfo tenant, IReadOnlyList<ReminderDelivery> items, string to)
    {
        var culture = SupportedCultures.Culture(SupportedCultures.IsSupported(tenant.DefaultCulture) ? tenant.DefaultCulture : SupportedCultures.French);
        string T(string key, params object[] args) => string.Format(culture, texts.Get(key, culture), args);
        var site = origin.Of(tenant);
        var lines = items.Select(d => (
            Text: T($"reminders.mail.line.{d.Subject}", d.ItemTitle, d.DueOn.ToString("D", culture), d.OffsetDays),
            Link: $"{site}{ItemPath(d)}")).ToList();
        var subject = items.Count == 1
            ? T($"reminders.mail.subject.{items[0].Subject}", tenant.DisplayName, items[0].ItemTitle, items[0].DueOn.ToString("d", culture))
            : T("reminders.mail.subject.digest", tenant.DisplayName, items.Count);
        var intro = items.Count == 1 ? T("reminders.mail.intro.one") : T("reminders.mail.intro.digest", items.Count);
        var outro = T("reminders.mail.outro", $"{site}/admin/reminders");

        var text = new StringBuilder().Append(intro).Append("\n\n");
        foreach (var (line, link) in lines)
        {
            text.Append("• ").Append(line).Append('\n').Append("  ").Append(link).Append('\n');
        }
        text.Append('\n').Append(outro).Append("\n\n— ").Append(tenant.DisplayName).Append('\n');

        var enc = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{culture.TwoLetterISOLanguageName}"><head><meta charset="utf-8"><title>{enc.Encode(subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5">
            <p style="font-weight: 700; font-size: 1.1em">{enc.Encode(tenant.DisplayName)}</p>
            <p>{enc.Encode(intro)}</p>
            <ul>
            """);
        foreach (var (line, link) in lines)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<li><a href="{enc.Encode(link)}" style="color: #1d4f91">{enc.Encode(line)}</a></li>""").Append('\n');
        }
        html.Append(CultureInfo.InvariantCulture, $"</ul>\n<p style=\"font-size: .9em\">{enc.Encode(outro)}</p>\n</body></html>\n");
        return new EmailMessage(to, subject, text.ToString(), html.ToString(), tenant.DisplayName);
    }

    public static string ItemPath(ReminderDelivery d) => d.Subject switch
    {
        ReminderSubject.AgreementReview => $"/admin/agreements/{d.ItemId}",
        ReminderSubject.MembershipRenewal => $"/admin/networks/{d.ItemId}",
        _ => "/admin",
    };

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Job {JobId}: sending reminder mail for deliveries {DeliveryIds}")]
    private partial void LogSending(long jobId, string deliveryIds);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Job {JobId}: reminder mail accepted by the mail server for deliveries {DeliveryIds}")]
    private partial void LogAccepted(long jobId, string deliveryIds);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Job {JobId}: deliveries {DeliveryIds} recorded as sent")]
    private partial void LogRecorded(long jobId, string deliveryIds);
}

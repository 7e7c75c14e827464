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
/// Job <c>reminders.send</c>: mails a batch of recipients' deliveries (<see cref="ReminderRecipientDelivery"/>,
/// up to <see cref="ReminderSweep.BatchSize"/>) over one SMTP connection, one message per recipient (nobody sees
/// another recipient's address), and marks each one sent. Idempotent effect: a row already sent is not mailed
/// again (a retried batch skips them), and each reminder is checked against its item as it is now (a changed
/// date, an ended or deleted item cancels it). The crash window, per recipient's delivery: a worker that dies
/// after handing the batch's mails to the SMTP server (event 5101 lists the rows) and before their "sent" marks
/// are committed (event 5103) may mail those rows again on the retry; outside that window a recipient gets a
/// reminder once. A refused address is cancelled for good; a server that went away leaves the rest planned, and
/// the batch is retried.
/// </summary>
public sealed partial class ReminderMail(
    AppDbContext db, TenantContext tenantContext, IEmailSender sender, Texts texts, PublicOrigin origin, TimeProvider clock, ILogger<ReminderMail> logger) : IJobHandler
{
    public const string Kind = "reminders.send";
    public const string NoRecipient = "no-recipient";
    public const string DateChanged = "date-changed";
    public const string ItemGone = "item-gone";
    public const string ModuleOff = "module-off";
    public const string Refused = "refused";

    /// <summary>
    /// <paramref name="RecipientIds"/>: the recipients' rows of this batch (what the sweep enqueues).
    /// <paramref name="DeliveryIds"/>: every recipient of these reminders (their rows are made from the reminder's
    /// recipients when missing).
    /// </summary>
    public sealed record Payload(List<Guid> DeliveryIds, List<Guid>? RecipientIds = null);

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var tenant = tenantContext.Required;
        var payload = job.Read<Payload>();
        var recipientIds = payload.RecipientIds ?? [];
        var deliveryIds = payload.DeliveryIds ?? [];
        if (deliveryIds.Count > 0)
        {
            await AddMissingRowsAsync(deliveryIds, ct);
        }
        var batch = await db.Set<ReminderRecipientDelivery>()
            .Where(r => (recipientIds.Contains(r.Id) || deliveryIds.Contains(r.DeliveryId)) && r.State == ReminderDeliveryState.Planned)
            .ToListAsync(ct);
        if (batch.Count == 0)
        {
            return; // already sent (a retry after the crash window closed) or cancelled
        }
        var reminderIds = batch.Select(r => r.DeliveryId).Distinct().ToList();
        var reminders = await db.Set<ReminderDelivery>().Where(d => reminderIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        if (!tenant.HasModule(ModuleKeys.Reminders))
        {
            Cancel(reminders.Values.Where(d => d.State == ReminderDeliveryState.Planned), ModuleOff);
        }
        else
        {
            // The items as they are now, one query per subject.
            var current = new Dictionary<(ReminderSubject, Guid), RemindedItem>();
            foreach (var subject in reminders.Values.Where(d => d.State == ReminderDeliveryState.Planned).GroupBy(d => d.Subject))
            {
                foreach (var item in await ReminderSweep.RemindableAsync(db, subject.Key, null, null, subject.Select(d => d.ItemId).ToList(), ct))
                {
                    current[(item.Subject, item.Id)] = item;
                }
            }
            foreach (var d in reminders.Values.Where(d => d.State == ReminderDeliveryState.Planned))
            {
                var item = current.GetValueOrDefault((d.Subject, d.ItemId));
                if (item is null || item.Date != d.DueOn)
                {
                    Cancel([d], item is null ? ItemGone : DateChanged);
                }
            }
        }
        // A recipient's row of a reminder that is no longer planned goes with it.
        foreach (var r in batch.Where(r => reminders[r.DeliveryId].State != ReminderDeliveryState.Planned))
        {
            r.State = ReminderDeliveryState.Cancelled;
            r.CancelReason = reminders[r.DeliveryId].CancelReason;
        }
        var mails = Mails(tenant, batch.Where(r => r.State == ReminderDeliveryState.Planned), reminders);
        if (mails.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        await db.SaveChangesAsync(ct); // cancellations first: a reminder cancelled now is never mailed

        var ids = string.Join(',', mails.SelectMany(m => m.Rows).Select(r => r.Id));
        LogSending(job.Id, mails.Count, ids);
        var outcomes = await sender.SendManyAsync(mails.Select(m => m.Message).ToList(), ct);
        var now = clock.GetUtcNow();
        var sent = new List<ReminderRecipientDelivery>();
        TransientEmailException? retry = null;
        for (var i = 0; i < mails.Count; i++)
        {
            var outcome = outcomes[i];
            foreach (var r in mails[i].Rows)
            {
                if (outcome.Sent)
                {
                    r.State = ReminderDeliveryState.Sent;
                    r.SentAt = now;
                    sent.Add(r);
                }
                else if (outcome.Permanent)
                {
                    r.State = ReminderDeliveryState.Cancelled;
                    r.CancelReason = Refused;
                }
                else
                {
                    retry ??= outcome.Error as TransientEmailException;
                }
            }
        }
        LogAccepted(job.Id, sent.Count, string.Join(',', sent.Select(r => r.Id)));
        await db.SaveChangesAsync(CancellationToken.None);
        LogRecorded(job.Id, string.Join(',', sent.Select(r => r.Id)));
        await SettleAsync(reminderIds, now);
        if (retry is not null)
        {
            throw retry; // the rest of the batch, later (the rows sent are skipped)
        }
    }

    /// <summary>Reminders none of whose recipients' rows is still planned: sent when one was sent, else cancelled (refused).</summary>
    private Task<int> SettleAsync(List<Guid> reminderIds, DateTimeOffset now)
    {
        var rows = db.Set<ReminderRecipientDelivery>();
        return db.Set<ReminderDelivery>()
            .Where(d => reminderIds.Contains(d.Id) && d.State == ReminderDeliveryState.Planned
                && !rows.Any(r => r.DeliveryId == d.Id && r.State == ReminderDeliveryState.Planned))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, d => rows.Any(r => r.DeliveryId == d.Id && r.State == ReminderDeliveryState.Sent) ? ReminderDeliveryState.Sent : ReminderDeliveryState.Cancelled)
                .SetProperty(d => d.CancelReason, d => rows.Any(r => r.DeliveryId == d.Id && r.State == ReminderDeliveryState.Sent) ? null : Refused)
                .SetProperty(d => d.SentAt, d => rows.Any(r => r.DeliveryId == d.Id && r.State == ReminderDeliveryState.Sent) ? now : null), CancellationToken.None);
    }

    /// <summary>Reminders planned by hand or before recipients had rows of their own: one row per recipient.</summary>
    private async Task AddMissingRowsAsync(List<Guid> deliveryIds, CancellationToken ct)
    {
        var planned = await db.Set<ReminderDelivery>().AsNoTracking()
            .Where(d => deliveryIds.Contains(d.Id) && d.State == ReminderDeliveryState.Planned).ToListAsync(ct);
        var existing = (await db.Set<ReminderRecipientDelivery>().Where(r => deliveryIds.Contains(r.DeliveryId))
            .Select(r => new { r.DeliveryId, r.Email }).ToListAsync(ct)).Select(r => (r.DeliveryId, r.Email.ToUpperInvariant())).ToHashSet();
        var missing = ReminderSweep.RecipientRows(planned).Where(r => !existing.Contains((r.DeliveryId, r.Email.ToUpperInvariant()))).ToList();
        if (missing.Count > 0)
        {
            db.AddRange(missing);
            await db.SaveChangesAsync(ct);
        }
    }

    private static void Cancel(IEnumerable<ReminderDelivery> deliveries, string reason)
    {
        foreach (var d in deliveries)
        {
            d.State = ReminderDeliveryState.Cancelled;
            d.CancelReason = reason;
        }
    }

    /// <summary>A mail and the recipients' rows it sends.</summary>
    private sealed record Mail(EmailMessage Message, List<ReminderRecipientDelivery> Rows);

    /// <summary>One mail per row of an immediate reminder; one per recipient for the rows of digests.</summary>
    private List<Mail> Mails(TenantInfo tenant, IEnumerable<ReminderRecipientDelivery> rows, Dictionary<Guid, ReminderDelivery> reminders)
    {
        var mails = new List<Mail>();
        var list = rows.ToList();
        foreach (var r in list.Where(r => reminders[r.DeliveryId].Mode == ReminderMode.Immediate))
        {
            mails.Add(new Mail(Compose(tenant, [reminders[r.DeliveryId]], r.Email) with { MessageId = MessageIdOf(r) }, [r]));
        }
        foreach (var group in list.Where(r => reminders[r.DeliveryId].Mode == ReminderMode.DailyDigest).GroupBy(r => r.Email, StringComparer.OrdinalIgnoreCase))
        {
            var items = group.Select(r => reminders[r.DeliveryId]).OrderBy(d => d.DueOn).ThenBy(d => d.ItemTitle, StringComparer.Ordinal).ToList();
            var first = group.OrderBy(r => r.Id).First();
            mails.Add(new Mail(Compose(tenant, items, first.Email) with { MessageId = MessageIdOf(first) }, [.. group]));
        }
        return mails;
    }

    /// <summary>Stable across retries: a mail sent again inside the crash window keeps its id (clients show it once).</summary>
    private static string MessageIdOf(ReminderRecipientDelivery row) => $"reminder-{row.Id:N}@twinningcloud.reminders";

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

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Job {JobId}: handing {Mails} reminder mails to the mail server for recipients' deliveries {DeliveryIds}")]
    private partial void LogSending(long jobId, int mails, string deliveryIds);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Job {JobId}: {Count} reminder mails accepted by the mail server for recipients' deliveries {DeliveryIds}")]
    private partial void LogAccepted(long jobId, int count, string deliveryIds);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Job {JobId}: recipients' deliveries {DeliveryIds} recorded as sent")]
    private partial void LogRecorded(long jobId, string deliveryIds);
}

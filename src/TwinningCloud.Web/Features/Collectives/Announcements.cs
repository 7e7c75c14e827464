using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Ganss.Xss;
using Markdig;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>Markdown to safe HTML: Markdig without raw HTML, then HtmlSanitizer (links keep http, https and mailto only).</summary>
public static class AnnouncementMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("class");
        return sanitizer;
    }

    public static string ToHtml(string markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    public static string ToText(string markdown) => Markdown.ToPlainText(markdown, Pipeline).Trim();
}

/// <summary>Sends an announcement: one delivery row per confirmed member, jobs of at most 100 deliveries each.</summary>
public sealed class AnnouncementSender(AppDbContext db, JobQueue jobs, TimeProvider clock)
{
    public const int BatchSize = 100;

    public async Task<Announcement> SendAsync(Guid collectiveId, string subject, string markdown, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var announcement = new Announcement { CollectiveId = collectiveId, Subject = subject, BodyMarkdown = markdown, CreatedAt = clock.GetUtcNow(), SentAt = clock.GetUtcNow() };
        db.Add(announcement);
        await db.SaveChangesAsync(ct);
        // One INSERT … SELECT for every recipient's delivery row (5,000 members: one statement, not 5,000 tracked entities).
        await RecipientRows.InsertAsync(db, "collective_announcement_deliveries", "announcement_id", collectiveId, announcement.Id, ct);
        var deliveries = await db.Set<AnnouncementDelivery>().Where(d => d.AnnouncementId == announcement.Id)
            .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        var requests = deliveries.Chunk(BatchSize).Select((batch, i) => new JobRequest(AnnouncementJob.Kind, new AnnouncementJob.Payload(announcement.Id, batch.ToList()))
        {
            Label = $"Announcement {announcement.Id:N}, batch {i + 1}",
            IdempotencyKey = $"{AnnouncementJob.Kind}/{announcement.Id:N}/{i}",
        }).ToList();
        await jobs.EnqueueAsync(requests, ct);
        await transaction.CommitAsync(ct);
        return announcement;
    }
}

/// <summary>
/// Job <c>collectives.announce</c>: one batch (≤ 100) of an announcement's deliveries, one mail per member in the
/// member's language, over one SMTP connection. A delivery already sent is skipped (a retried batch sends only what
/// is left); a member who left or unsubscribed meanwhile gets nothing. Each mail has RFC 8058 one-click unsubscribe
/// headers and a visible link. The payload holds ids only.
/// </summary>
public sealed class AnnouncementJob(
    AppDbContext db, TenantContext tenantContext, IEmailSender sender, Texts texts, PublicOrigin origin, CitizenTokens tokens, TimeProvider clock) : IJobHandler
{
    public const string Kind = "collectives.announce";

    public sealed record Payload(Guid AnnouncementId, List<Guid> DeliveryIds);

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var tenant = tenantContext.Required;
        var payload = job.Read<Payload>();
        if (!tenant.HasModule(ModuleKeys.Collectives))
        {
            return;
        }
        var announcement = await db.Set<Announcement>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == payload.AnnouncementId, ct);
        var collective = announcement is null ? null
            : await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == announcement.CollectiveId, ct);
        if (announcement is null || collective is null)
        {
            return;
        }
        var deliveries = await db.Set<AnnouncementDelivery>()
            .Where(d => d.AnnouncementId == announcement.Id && payload.DeliveryIds.Contains(d.Id) && d.State == DeliveryState.Planned)
            .ToListAsync(ct);
        var memberIds = deliveries.Select(d => d.MemberId).ToList();
        var members = await db.Set<CollectiveMember>().AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var html = AnnouncementMarkdown.ToHtml(announcement.BodyMarkdown);
        var text = AnnouncementMarkdown.ToText(announcement.BodyMarkdown);
        var sending = new List<(AnnouncementDelivery Delivery, EmailMessage Message)>();
        foreach (var d in deliveries)
        {
            if (!members.TryGetValue(d.MemberId, out var m) || m.Status != MemberStatus.Member)
            {
                d.State = DeliveryState.Failed;
                d.Error = "not a member any more";
            }
            else if (m.Unsubscribed)
            {
                d.State = DeliveryState.Unsubscribed;
            }
            else
            {
                sending.Add((d, Compose(tenant, collective, announcement, m, html, text)));
            }
        }
        var outcomes = sending.Count == 0 ? [] : await sender.SendManyAsync(sending.Select(s => s.Message).ToList(), ct);
        var now = clock.GetUtcNow();
        var transient = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var d = sending[i].Delivery;
            if (outcomes[i].Sent)
            {
                d.State = DeliveryState.Sent;
                d.SentAt = now;
            }
            else if (outcomes[i].Permanent)
            {
                d.State = DeliveryState.Failed;
                d.Error = outcomes[i].Error!.Message.Length > 1000 ? outcomes[i].Error!.Message[..1000] : outcomes[i].Error!.Message;
            }
            else
            {
                transient++;
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        if (transient > 0)
        {
            throw new TransientEmailException($"{transient} announcement mail(s) not sent now; the batch is retried for them.");
        }
    }

    public EmailMessage Compose(TenantInfo tenant, Collective collective, Announcement announcement, CollectiveMember member, string bodyHtml, string bodyText)
    {
        var culture = SupportedCultures.Culture(SupportedCultures.IsSupported(member.Language) ? member.Language : SupportedCultures.French);
        string T(string key, params object[] args) => string.Format(culture, texts.Get(key, culture), args);
        var name = CollectiveNames.In(collective, tenant, culture.TwoLetterISOLanguageName);
        var unsubscribe = origin.Link(tenant, "/collectives/unsubscribe?t=" + tokens.UnsubscribeSecret(member.Id));
        var intro = T("collectives.announce.mail.intro", name);
        var footer = T("collectives.announce.mail.footer", name);
        var unsubscribeText = T("collectives.announce.mail.unsubscribe");
        var text = new StringBuilder()
            .Append(intro).Append("\n\n").Append(bodyText).Append("\n\n— ").Append(tenant.DisplayName).Append("\n\n")
            .Append(footer).Append('\n').Append(unsubscribeText).Append(": ").Append(unsubscribe).Append('\n');
        var enc = HtmlEncoder.Default;
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{culture.TwoLetterISOLanguageName}"><head><meta charset="utf-8"><title>{enc.Encode(announcement.Subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5">
            <p style="font-weight: 700; font-size: 1.1em">{enc.Encode(tenant.DisplayName)} — {enc.Encode(name)}</p>
            <p>{enc.Encode(intro)}</p>
            {bodyHtml}
            <hr>
            <p style="font-size: .9em">{enc.Encode(footer)} <a href="{enc.Encode(unsubscribe)}" style="color: #1d4f91">{enc.Encode(unsubscribeText)}</a></p>
            </body></html>
            """);
        return new EmailMessage(member.Email, $"[{name}] {announcement.Subject}", text.ToString(), html, tenant.DisplayName)
        {
            MessageId = $"announcement-{announcement.Id:N}-{member.Id:N}@twinningcloud",
            Headers = new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = $"<{unsubscribe}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
        };
    }
}

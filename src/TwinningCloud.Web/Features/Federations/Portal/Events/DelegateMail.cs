using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Events;

/// <summary>
/// Job <c>federations.event-delegate</c> (in the registering town's context): one mail to one delegate, in the town's
/// language, saying that the town registered them for the federation's event (dates, place, the event's public page,
/// an absolute link from configuration). Sent once: the delegate row records when; a delegate withdrawn meanwhile gets nothing.
/// </summary>
public sealed class DelegateMail(AppDbContext db, TenantContext tenantContext, IEmailSender sender, Texts texts, PublicOrigin origin) : IJobHandler
{
    public const string Kind = "federations.event-delegate";

    public sealed record Payload(Guid DelegateId);

    public static JobRequest Request(Guid delegateId) =>
        new(Kind, new Payload(delegateId)) { Label = "Event delegate registered", MaxAttempts = 5, IdempotencyKey = $"{Kind}/{delegateId:N}" };

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var tenant = tenantContext.Required;
        var payload = job.Read<Payload>();
        var registered = await db.Set<EventDelegate>().FirstOrDefaultAsync(d => d.Id == payload.DelegateId, ct);
        if (registered is null || registered.ConfirmationSentAt is not null)
        {
            return;
        }
        var ev = await db.Set<FederationEvent>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == registered.EventId, ct);
        var federation = ev is null ? null : await db.Set<Federation>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == ev.FederationId, ct);
        if (ev is null || federation is null)
        {
            return;
        }
        var message = Compose(tenant, federation, ev, registered);
        try
        {
            await sender.SendAsync(message with { MessageId = $"event-delegate-{registered.Id:N}@twinningcloud" }, ct);
        }
        catch (PermanentEmailException e)
        {
            throw new PermanentJobException(e.Message, e);
        }
        registered.ConfirmationSentAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    public EmailMessage Compose(TenantInfo tenant, Federation federation, FederationEvent ev, EventDelegate registered)
    {
        var culture = SupportedCultures.Culture(SupportedCultures.IsSupported(tenant.DefaultCulture) ? tenant.DefaultCulture : SupportedCultures.French);
        var language = culture.TwoLetterISOLanguageName;
        string T(string key, params object[] args) => string.Format(culture, texts.Get(key, culture), args);
        var title = language == SupportedCultures.English && !string.IsNullOrWhiteSpace(ev.TitleEn) ? ev.TitleEn : ev.TitleFr;
        var when = EventDates.Format(ev, culture);
        var link = origin.Link(null, $"/federations/{federation.Slug}/portal/events/{ev.Id}?lang={language}");
        var subject = T("events.mail.subject", title, tenant.DisplayName);
        var intro = T("events.mail.intro", registered.Name, tenant.DisplayName, title, federation.Name);
        var facts = $"{T("events.field.when")}: {when}\n{T("events.field.place")}: {ev.Place}";
        var action = T("events.mail.action");
        var outro = T("events.mail.outro", tenant.DisplayName);
        var text = new StringBuilder().Append(intro).Append("\n\n").Append(facts).Append("\n\n").Append(action).Append(":\n").Append(link)
            .Append("\n\n").Append(outro).Append("\n\n— ").Append(federation.Name).Append('\n').ToString();
        var enc = HtmlEncoder.Default;
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{language}"><head><meta charset="utf-8"><title>{enc.Encode(subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5">
            <p style="font-weight: 700; font-size: 1.1em">{enc.Encode(federation.Name)}</p>
            <p>{enc.Encode(intro)}</p>
            <p>{enc.Encode(T("events.field.when"))}: {enc.Encode(when)}<br>{enc.Encode(T("events.field.place"))}: {enc.Encode(ev.Place)}</p>
            <p><a href="{enc.Encode(link)}" style="color: #1d4f91">{enc.Encode(action)}</a></p>
            <p style="font-size: .9em">{enc.Encode(outro)}</p>
            </body></html>
            """);
        return new EmailMessage(registered.Email, subject, text, html, federation.Name);
    }
}

public static class EventDates
{
    /// <summary>"22 – 23 octobre 2008", "1 October 2013" in <paramref name="culture"/>.</summary>
    public static string Format(FederationEvent ev, CultureInfo culture)
    {
        if (ev.EndsOn == ev.StartsOn)
        {
            return ev.StartsOn.ToString("d MMMM yyyy", culture);
        }
        var start = ev.StartsOn.Year != ev.EndsOn.Year ? ev.StartsOn.ToString("d MMMM yyyy", culture)
            : ev.StartsOn.Month != ev.EndsOn.Month ? ev.StartsOn.ToString("d MMMM", culture)
            : ev.StartsOn.ToString("%d", culture);
        return $"{start} – {ev.EndsOn.ToString("d MMMM yyyy", culture)}";
    }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

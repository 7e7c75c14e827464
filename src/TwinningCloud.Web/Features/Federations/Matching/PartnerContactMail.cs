using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching;

/// <summary>
/// Job <c>federations.partner-contact-mail</c>: one mail to one person about one contact, in the context of the town
/// the person works for. <see cref="Received"/>: to an admin of the town written to — the message, the sending town and
/// the sender's name, never the sender's address (the mail comes from the platform); <see cref="Answered"/> and
/// <see cref="Declined"/>: to the sender — the answer and the answerer's name and address. The payload holds ids only;
/// a person no longer on the town's team, or a town without the module, gets nothing.
/// </summary>
public sealed class PartnerContactMail(AppDbContext db, TenantContext tenantContext, IEmailSender sender, Texts texts, PublicOrigin origin, TenantCatalog catalog) : IJobHandler
{
    public const string Kind = "federations.partner-contact-mail";
    public const string Received = "received";
    public const string Answered = "answered";
    public const string Declined = "declined";

    public sealed record Payload(Guid ContactId, Guid UserId, string Mail);

    public static JobRequest Request(Guid contactId, Guid userId, string mail) =>
        new(Kind, new Payload(contactId, userId, mail))
        {
            Label = $"Partner matching: contact {mail}", MaxAttempts = 5, IdempotencyKey = $"{Kind}/{contactId:N}/{userId:N}/{mail}",
        };

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var town = tenantContext.Required;
        var payload = job.Read<Payload>();
        if (!town.HasModule(ModuleKeys.FederationDirectory)
            || await db.Set<PartnerContact>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == payload.ContactId, ct) is not { } contact)
        {
            return;
        }
        var received = payload.Mail == Received;
        if (received ? contact.ToTenantId != town.Id : contact.FromTenantId != town.Id || contact.FromUserId != payload.UserId)
        {
            return;
        }
        // Still on this town's team (the query is the town's own: the tenant filter holds).
        var role = await db.Set<TenantMembership>().Where(m => m.UserId == payload.UserId).Select(m => m.Role).FirstOrDefaultAsync(ct);
        if (role is null || (received && role != Roles.TenantAdmin))
        {
            return;
        }
        var person = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == payload.UserId, ct);
        if (person?.Email is not { } to)
        {
            return;
        }
        var otherTown = await catalog.FindByIdAsync(received ? contact.FromTenantId : contact.ToTenantId, ct);
        var federation = await db.Set<Federation>().AsNoTracking().Where(f => f.Id == contact.FederationId).Select(f => f.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        var senderName = await db.Users.AsNoTracking().Where(u => u.Id == contact.FromUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var answerer = contact.AnsweredByUserId is { } a ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == a, ct) : null;
        var language = SupportedCultures.IsSupported(person.PreferredCulture) ? person.PreferredCulture! : town.DefaultCulture;
        var message = Compose(payload.Mail, language, town, otherTown?.DisplayName ?? string.Empty, federation, contact, senderName, answerer, to);
        try
        {
            await sender.SendAsync(message with { MessageId = $"partner-contact-{payload.Mail}-{contact.Id:N}-{payload.UserId:N}@twinningcloud" }, ct);
        }
        catch (PermanentEmailException e)
        {
            throw new PermanentJobException(e.Message, e);
        }
    }

    private EmailMessage Compose(string mail, string language, TenantInfo town, string otherTown, string federation, PartnerContact contact, string? senderName, AppUser? answerer, string to)
    {
        var culture = SupportedCultures.Culture(SupportedCultures.IsSupported(language) ? language : SupportedCultures.French);
        string T(string key, params object?[] args) => string.Format(culture, texts.Get(key, culture), args);
        var link = origin.Link(town, $"/admin/federations/partners/contacts/{contact.Id}");
        var subject = T($"matching.mail.{mail}.subject", otherTown, federation);
        var intro = T($"matching.mail.{mail}.intro", otherTown, federation, string.IsNullOrWhiteSpace(senderName) ? "—" : senderName);
        var quoted = mail == Received ? contact.Message : contact.Answer;
        var contactLine = mail == Answered && answerer is not null ? T("matching.mail.answered.address", answerer.DisplayName, answerer.Email) : null;
        var action = T($"matching.mail.{mail}.action");
        var outro = T($"matching.mail.{mail}.outro");
        var text = new StringBuilder().Append(intro).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(quoted))
        {
            text.Append(quoted).Append("\n\n");
        }
        if (contactLine is not null)
        {
            text.Append(contactLine).Append("\n\n");
        }
        text.Append(action).Append(":\n").Append(link).Append("\n\n").Append(outro).Append("\n\n— TwinningCloud\n");
        var enc = HtmlEncoder.Default;
        var quotedHtml = string.IsNullOrWhiteSpace(quoted) ? string.Empty
            : $"<blockquote style=\"border-left: 4px solid #1d4f91; margin: 0; padding: 0 1em; white-space: pre-wrap\">{enc.Encode(quoted)}</blockquote>";
        var contactHtml = contactLine is null ? string.Empty : $"<p>{enc.Encode(contactLine)}</p>";
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{culture.TwoLetterISOLanguageName}"><head><meta charset="utf-8"><title>{enc.Encode(subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5">
            <p>{enc.Encode(intro)}</p>
            {quotedHtml}
            {contactHtml}
            <p><a href="{enc.Encode(link)}" style="color: #1d4f91">{enc.Encode(action)}</a></p>
            <p style="font-size: .9em">{enc.Encode(outro)}</p>
            </body></html>
            """);
        return new EmailMessage(to, subject, text.ToString(), html, otherTown);
    }
}

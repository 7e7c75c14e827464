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

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// Job <c>collectives.mail</c>: one mail to one member (confirmation link, sign-in link, new address, moved up
/// from the waiting list, request approved or refused, already signed up). The payload holds ids only; a link's
/// secret is made when the mail is sent (only its hash is stored). A member gone (erased, purged) or a town
/// without the module: nothing is sent.
/// </summary>
public sealed class CollectiveMail(
    AppDbContext db, TenantContext tenantContext, IEmailSender sender, Texts texts, PublicOrigin origin, CitizenTokens tokens) : IJobHandler
{
    public const string Kind = "collectives.mail";
    public const string Confirm = "confirm";
    public const string AlreadyIn = "already-in";
    public const string SignIn = "sign-in";
    public const string ChangeEmail = "change-email";
    public const string MovedUp = "moved-up";
    public const string Approved = "approved";
    public const string Refused = "refused";

    public sealed record Payload(string Mail, Guid MemberId);

    public static JobRequest Request(string mail, Guid memberId) =>
        new(Kind, new Payload(mail, memberId)) { Label = $"Collectives: {mail}", MaxAttempts = 5 };

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var tenant = tenantContext.Required;
        var payload = job.Read<Payload>();
        if (!tenant.HasModule(ModuleKeys.Collectives))
        {
            return;
        }
        var member = await db.Set<CollectiveMember>().FirstOrDefaultAsync(m => m.Id == payload.MemberId, ct);
        if (member is null)
        {
            return;
        }
        var collective = await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == member.CollectiveId, ct);
        if (collective is null)
        {
            return;
        }
        var to = member.Email;
        string? link = null;
        switch (payload.Mail)
        {
            case Confirm:
                if (member.Status != MemberStatus.Unconfirmed)
                {
                    return;
                }
                link = origin.Link(tenant, "/collectives/confirm?t=" + tokens.Issue(CitizenTokenPurpose.Confirm, member.Email, member.Id));
                break;
            case SignIn:
                link = origin.Link(tenant, "/collectives/mine?t=" + tokens.Issue(CitizenTokenPurpose.SignIn, member.Email, member.Id));
                break;
            case ChangeEmail:
                if (member.PendingEmail is not { } pending)
                {
                    return;
                }
                to = pending;
                link = origin.Link(tenant, "/collectives/confirm?t=" + tokens.Issue(CitizenTokenPurpose.ChangeEmail, pending, member.Id, member.Email));
                break;
            case MovedUp or Approved:
                if (member.Status != MemberStatus.Member && !(payload.Mail == Approved && member.Status == MemberStatus.Waiting))
                {
                    return;
                }
                link = origin.Link(tenant, $"/collectives/{collective.Id}");
                break;
            case AlreadyIn or Refused:
                link = origin.Link(tenant, "/collectives/mine");
                break;
            default:
                throw new PermanentJobException($"Unknown collectives mail '{payload.Mail}'.");
        }
        await db.SaveChangesAsync(ct);
        var mailKey = payload.Mail == Approved && member.Status == MemberStatus.Waiting ? "approved-waiting" : payload.Mail;
        var message = Compose(tenant, member.Language, collective, mailKey, to, link);
        try
        {
            await sender.SendAsync(message with { MessageId = $"collectives-{payload.Mail}-{member.Id:N}-{job.Id}@twinningcloud" }, ct);
        }
        catch (PermanentEmailException e)
        {
            throw new PermanentJobException(e.Message, e);
        }
    }

    public EmailMessage Compose(TenantInfo tenant, string language, Collective collective, string mail, string to, string link)
    {
        var culture = SupportedCultures.Culture(SupportedCultures.IsSupported(language) ? language : SupportedCultures.French);
        string T(string key, params object[] args) => string.Format(culture, texts.Get(key, culture), args);
        var name = CollectiveNames.In(collective, tenant, culture.TwoLetterISOLanguageName);
        var subject = T($"collectives.mail.{mail}.subject", name, tenant.DisplayName);
        var intro = T($"collectives.mail.{mail}.intro", name);
        var action = T($"collectives.mail.{mail}.action");
        var outro = T($"collectives.mail.{mail}.outro");
        var text = new StringBuilder()
            .Append(intro).Append("\n\n").Append(action).Append(":\n").Append(link).Append("\n\n").Append(outro).Append("\n\n— ").Append(tenant.DisplayName).Append('\n');
        var enc = HtmlEncoder.Default;
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{culture.TwoLetterISOLanguageName}"><head><meta charset="utf-8"><title>{enc.Encode(subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5">
            <p style="font-weight: 700; font-size: 1.1em">{enc.Encode(tenant.DisplayName)}</p>
            <p>{enc.Encode(intro)}</p>
            <p><a href="{enc.Encode(link)}" style="color: #1d4f91">{enc.Encode(action)}</a></p>
            <p style="font-size: .9em">{enc.Encode(outro)}</p>
            </body></html>
            """);
        return new EmailMessage(to, subject, text.ToString(), html, tenant.DisplayName);
    }
}

public static class CollectiveNames
{
    /// <summary>The collective's name in <paramref name="language"/> (for mails, outside a request's culture).</summary>
    public static string In(Collective collective, TenantInfo tenant, string language) =>
        language != tenant.DefaultCulture && !string.IsNullOrWhiteSpace(collective.NameOther)
            ? collective.NameOther
            : collective.Name;
}

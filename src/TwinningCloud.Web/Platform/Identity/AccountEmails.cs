using System.Globalization;
using System.Text.Encodings.Web;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>
/// The account mails (invitation, password reset, change of email), in the recipient's language, with
/// the tenant's name, as text and HTML. Texts: <c>mail.{kind}.subject|intro|action|outro</c>.
/// </summary>
public sealed class AccountEmails(Texts texts, IEmailSender sender)
{
    public Task SendAsync(string to, string kind, string culture, string siteName, string link, CancellationToken ct, params object[] args)
    {
        var c = SupportedCultures.Culture(SupportedCultures.IsSupported(culture) ? culture : SupportedCultures.French);
        string T(string key) => string.Format(c, texts.Get($"mail.{kind}.{key}", c), [siteName, .. args]);
        var subject = T("subject");
        var intro = T("intro");
        var action = T("action");
        var outro = T("outro");
        var text = $"{intro}\n\n{action}:\n{link}\n\n{outro}\n\n— {siteName}\n";
        var enc = HtmlEncoder.Default;
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{c.TwoLetterISOLanguageName}"><head><meta charset="utf-8"><title>{enc.Encode(subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5">
            <p style="font-weight: 700; font-size: 1.1em">{enc.Encode(siteName)}</p>
            <p>{enc.Encode(intro)}</p>
            <p><a href="{enc.Encode(link)}" style="display: inline-block; padding: .6em 1.2em; background: #1d4f91; color: #fff; text-decoration: none; border-radius: 4px">{enc.Encode(action)}</a></p>
            <p style="font-size: .9em">{enc.Encode(link)}</p>
            <p>{enc.Encode(outro)}</p>
            </body></html>
            """);
        return sender.SendAsync(new EmailMessage(to, subject, text, html, siteName), ct);
    }
}

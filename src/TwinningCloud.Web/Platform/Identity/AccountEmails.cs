using System.Globalization;
using System.Text.Encodings.Web;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>
/// The account mails (invitation, password reset, change of email), in the recipient's language, with
/// the tenant's name, as text and HTML. Texts: <c>mail.{kind}.subject|intro|action|outro</c>, where <c>{0}</c>
/// is the site's name and <c>{1}</c>… the extra arguments (an invitation: who invited, with which role).
/// The link is the button of the HTML part and written out in the text part only (a long link under the
/// button helps nobody).
/// The mail is composed here and sent by a job (<see cref="SendEmailJob"/>): the page answers at once
/// whether or not a mail goes out (no timing difference between known and unknown addresses), and a
/// mail server that is down delays the mail instead of losing it.
/// </summary>
public sealed class AccountEmails(Texts texts, JobQueue queue)
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
            <p>{enc.Encode(outro)}</p>
            </body></html>
            """);
        return queue.EnqueueAsync(new JobRequest(SendEmailJob.Kind, new EmailMessage(to, subject, text, html, siteName))
        {
            Label = $"{kind} → {to}",
        }, ct);
    }
}

/// <summary>
/// Job <c>email.send</c>: sends one composed mail. Its payload holds the mail (with any one-time link), so
/// these jobs are purged a day after they succeed and their payload is never shown on the jobs pages.
/// </summary>
internal sealed class SendEmailJob(IEmailSender sender) : IJobHandler
{
    public const string Kind = "email.send";

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        try
        {
            await sender.SendAsync(job.Read<EmailMessage>(), ct);
        }
        catch (PermanentEmailException e)
        {
            throw new PermanentJobException(e.Message, e); // a refused address: no retry
        }
    }
}

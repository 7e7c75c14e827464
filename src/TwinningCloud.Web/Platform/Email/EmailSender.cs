using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace TwinningCloud.Web.Platform.Email;

/// <summary>One mail, always multipart: plain text and HTML.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody, string? FromDisplayName = null);

/// <summary>The one way the product sends mail. Callers build localized content; the sender only delivers.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

public sealed class EmailOptions
{
    /// <summary><c>Smtp</c> (deployments) or <c>Outbox</c> (the embedded default: kept in the database, read on the operator's outbox page).</summary>
    public string Delivery { get; set; } = "Outbox";
    public string From { get; set; } = "no-reply@twinningcloud.local";
    public string FromName { get; set; } = "TwinningCloud";
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }

    public bool UsesOutbox => string.Equals(Delivery, "Outbox", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Delivers through <see cref="SmtpClient"/> to the configured SMTP server.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var o = options.Value;
        using var mail = new MailMessage
        {
            From = new MailAddress(o.From, message.FromDisplayName ?? o.FromName, Encoding.UTF8),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        mail.To.Add(message.To);
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.TextBody, Encoding.UTF8, MediaTypeNames.Text.Plain));
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
        using var client = new SmtpClient(o.Host, o.Port) { EnableSsl = o.EnableSsl };
        if (!string.IsNullOrEmpty(o.UserName))
        {
            client.Credentials = new NetworkCredential(o.UserName, o.Password);
        }
        await client.SendMailAsync(mail, ct);
        logger.LogInformation("Mail '{Subject}' sent by SMTP", message.Subject);
    }
}

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
    /// <summary><c>Smtp</c> (deployments) or <c>Pickup</c> (the embedded default: .eml files in <see cref="PickupDirectory"/>).</summary>
    public string Delivery { get; set; } = "Pickup";
    public string From { get; set; } = "no-reply@twinningcloud.local";
    public string FromName { get; set; } = "TwinningCloud";
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string PickupDirectory { get; set; } = "data/mail";
}

/// <summary>Delivers through <see cref="SmtpClient"/>: to an SMTP server, or to a pickup folder of .eml files.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, IWebHostEnvironment environment, ILogger<SmtpEmailSender> logger) : IEmailSender
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
        using var client = new SmtpClient();
        if (string.Equals(o.Delivery, "Pickup", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.GetFullPath(o.PickupDirectory, environment.ContentRootPath);
            Directory.CreateDirectory(folder);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = folder;
        }
        else
        {
            client.Host = o.Host;
            client.Port = o.Port;
            client.EnableSsl = o.EnableSsl;
            if (!string.IsNullOrEmpty(o.UserName))
            {
                client.Credentials = new NetworkCredential(o.UserName, o.Password);
            }
        }
        await client.SendMailAsync(mail, ct);
        logger.LogInformation("Mail '{Subject}' delivered ({Delivery})", message.Subject, o.Delivery);
    }
}

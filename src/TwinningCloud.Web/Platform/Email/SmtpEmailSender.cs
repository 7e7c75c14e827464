using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace TwinningCloud.Web.Platform.Email;

/// <summary>
/// Delivers through MailKit's <see cref="SmtpClient"/> to the configured SMTP server: TLS on connect or
/// STARTTLS (<see cref="EmailOptions.Security"/>), authentication when a user name is set, a timeout on
/// connecting and on each command, and one connection for a whole batch (<see cref="SendManyAsync"/>).
/// Errors are classified: a 5xx reply to a recipient, the sender or the message is permanent
/// (<see cref="PermanentEmailException"/>); everything else — server unreachable, timeout, TLS or
/// authentication failure, a 4xx reply — is transient (<see cref="TransientEmailException"/>).
/// </summary>
internal sealed partial class SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    /// <summary>For tests only: accepts the test server's self-signed certificate (null: the system's validation).</summary>
    internal RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var outcome = (await SendManyAsync([message], ct))[0];
        if (outcome.Error is { } error)
        {
            ct.ThrowIfCancellationRequested();
            throw error;
        }
    }

    public async Task<IReadOnlyList<EmailOutcome>> SendManyAsync(IReadOnlyList<EmailMessage> messages, CancellationToken ct = default)
    {
        var outcomes = new EmailOutcome[messages.Count];
        if (messages.Count == 0)
        {
            return outcomes;
        }
        var o = options.Value;
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(o.Timeout.TotalMilliseconds, 1, int.MaxValue) };
        if (o.LocalDomain is { Length: > 0 } local)
        {
            client.LocalDomain = local;
        }
        if (CertificateValidation is not null)
        {
            client.ServerCertificateValidationCallback = CertificateValidation;
            client.CheckCertificateRevocation = false;
        }
        var next = 0;
        try
        {
            await client.ConnectAsync(o.Host, o.Port, SocketOptions(o), ct);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            }
            for (; next < messages.Count; next++)
            {
                ct.ThrowIfCancellationRequested();
                var message = messages[next];
                try
                {
                    using var mime = Build(message, o);
                    await client.SendAsync(mime, ct);
                    outcomes[next] = new EmailOutcome(message, null);
                    LogSent(Subject(message));
                }
                catch (Exception e) when (e is SmtpCommandException or ParseException && client.IsConnected)
                {
                    // The server refused or deferred this mail (or its address is unusable) and is still talking
                    // to us: the outcome is this mail's alone and the batch goes on.
                    var error = Classify(e);
                    outcomes[next] = new EmailOutcome(message, error);
                    LogRefused(Subject(message), error is PermanentEmailException ? "for good" : "for now", e.Message);
                }
            }
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (next < messages.Count)
        {
            // Connection lost, server down, timeout, 4xx or cancelled: this mail and the rest are to be sent again.
            var error = e is EmailDeliveryException d ? d : Classify(e);
            var transient = error as TransientEmailException ?? new TransientEmailException(error.Message, e) { SmtpStatus = error.SmtpStatus };
            LogNotSent(messages.Count - next, o.Host, o.Port, e.GetType().Name, e.Message);
            for (; next < messages.Count; next++)
            {
                outcomes[next] ??= new EmailOutcome(messages[next], transient);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Every mail was handed over; only the goodbye failed.
            LogQuitFailed(e.Message);
        }
        return outcomes;
    }

    private static string Subject(EmailMessage m) => MailHeaders.Clean(m.Subject);

    internal static SecureSocketOptions SocketOptions(EmailOptions o) => o.Security switch
    {
        EmailSecurity.None => SecureSocketOptions.None,
        EmailSecurity.StartTls => SecureSocketOptions.StartTls,
        EmailSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        EmailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ when o.EnableSsl => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>The MIME message: multipart/alternative (text, then HTML), headers cleaned, Message-Id and Date set.</summary>
    internal MimeMessage Build(EmailMessage message, EmailOptions o)
    {
        var mime = new MimeMessage();
        var from = new MailboxAddress(MailHeaders.Clean(message.FromDisplayName ?? o.FromName), o.From.Trim());
        mime.From.Add(from);
        foreach (var to in InternetAddressList.Parse(MailHeaders.Clean(message.To)).Mailboxes)
        {
            to.Name = MailHeaders.Clean(to.Name);
            mime.To.Add(to);
        }
        if (mime.To.Count == 0)
        {
            throw new ParseException("The mail has no recipient.", 0, 0);
        }
        mime.Subject = MailHeaders.Clean(message.Subject);
        mime.Date = clock.GetUtcNow();
        var domain = from.Domain is { Length: > 0 } d ? d : "twinningcloud.local";
        mime.MessageId = message.MessageId is { Length: > 0 } id ? MailHeaders.Clean(id).Trim('<', '>') : MimeUtils.GenerateMessageId(domain);
        if (message.Automatic)
        {
            mime.Headers.Add("Auto-Submitted", "auto-generated");
            mime.Headers.Add("X-Auto-Response-Suppress", "All");
        }
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            if (name.StartsWith("List-", StringComparison.OrdinalIgnoreCase) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                mime.Headers.Add(name, MailHeaders.Clean(value));
            }
        }
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var attachment in message.Attachments ?? [])
        {
            body.Attachments.Add(MailHeaders.Clean(attachment.FileName), attachment.Content, ContentType.Parse(attachment.ContentType));
        }
        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>Permanent: a 5xx reply to the sender, a recipient or the message, or an address that cannot be parsed. Everything else: transient.</summary>
    public static EmailDeliveryException Classify(Exception e)
    {
        switch (e)
        {
            case EmailDeliveryException d:
                return d;
            case SmtpCommandException c when (int)c.StatusCode is >= 500 and < 600
                                             && c.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted:
                var what = c.ErrorCode switch
                {
                    SmtpErrorCode.RecipientNotAccepted => $"recipient {c.Mailbox} refused",
                    SmtpErrorCode.SenderNotAccepted => $"sender {c.Mailbox} refused",
                    _ => "message refused",
                };
                return new PermanentEmailException($"SMTP {(int)c.StatusCode}: {what}: {c.Message}", c) { SmtpStatus = (int)c.StatusCode };
            case SmtpCommandException c:
                return new TransientEmailException($"SMTP {(int)c.StatusCode}: {c.Message}", c) { SmtpStatus = (int)c.StatusCode };
            case ParseException or ArgumentException:
                return new PermanentEmailException($"Not a valid mail: {e.Message}", e);
            case OperationCanceledException:
                return new TransientEmailException("Sending was cancelled.", e);
            case SocketException or IOException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException
                or SslHandshakeException or AuthenticationException or NotSupportedException:
                return new TransientEmailException($"SMTP server unavailable ({e.GetType().Name}): {e.Message}", e);
            default:
                return new TransientEmailException($"{e.GetType().Name}: {e.Message}", e);
        }
    }

    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Mail '{Subject}' sent by SMTP")]
    private partial void LogSent(string subject);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Warning, Message = "Mail '{Subject}' refused by the SMTP server {HowLong}: {Error}")]
    private partial void LogRefused(string subject, string howLong, string error);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "{Count} mail(s) not sent now through {Host}:{Port}, to be retried: {ErrorType}: {Error}")]
    private partial void LogNotSent(int count, string host, int port, string errorType, string error);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Information, Message = "Every mail was handed over; closing the SMTP connection failed: {Error}")]
    private partial void LogQuitFailed(string error);
}

namespace TwinningCloud.Web.Platform.Email;

/// <summary>One mail, always multipart: plain text and HTML.</summary>
/// <param name="To">One address, or several separated by commas (each recipient then sees the others: mails to several people go one per recipient).</param>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody, string? FromDisplayName = null)
{
    /// <summary>
    /// Sent by the product, not typed by a person (every mail of the product so far): the mail carries
    /// <c>Auto-Submitted: auto-generated</c> (RFC 3834), so vacation responders and mailing lists leave it alone.
    /// </summary>
    public bool Automatic { get; init; } = true;

    /// <summary>
    /// The <c>Message-Id</c> without angle brackets (e.g. <c>reminder-{delivery id}@twinningcloud</c>): a mail sent
    /// again after a crash keeps its id, so mail clients show it once. Null: a new id for each send.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>
    /// Extra headers (e.g. RFC 8058 <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c>); values are cleaned like
    /// every header value; only <c>List-*</c> headers are taken (the sender sets From, To, Subject, Date and Message-Id itself).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Files attached to the mail (e.g. an iCalendar invitation); kept small by their callers.</summary>
    public IReadOnlyList<EmailAttachment>? Attachments { get; init; }
}

/// <summary>A file attached to a mail: its name, MIME type (with parameters, e.g. <c>text/calendar; method=REQUEST</c>) and content.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>The one way the product sends mail. Callers build localized content; the sender only delivers.</summary>
public interface IEmailSender
{
    /// <summary>Sends one mail; throws <see cref="PermanentEmailException"/> (retrying cannot help) or <see cref="TransientEmailException"/> (retry later).</summary>
    Task SendAsync(EmailMessage message, CancellationToken ct = default);

    /// <summary>
    /// Sends several mails over one connection, in order, and says what became of each (never throws for a
    /// delivery error: a refused mail is <see cref="EmailOutcome.Permanent"/>, the others go on). When the
    /// server goes away or <paramref name="ct"/> is cancelled, the mails not handed over yet are transient
    /// failures, to be sent again later; the one being handed over at that moment may have been delivered
    /// (the crash window).
    /// </summary>
    Task<IReadOnlyList<EmailOutcome>> SendManyAsync(IReadOnlyList<EmailMessage> messages, CancellationToken ct = default);
}

/// <summary>What became of one mail of <see cref="IEmailSender.SendManyAsync"/>: sent (no error), or the error.</summary>
public sealed record EmailOutcome(EmailMessage Message, EmailDeliveryException? Error)
{
    public bool Sent => Error is null;

    /// <summary>Refused for good (a recipient or the message was refused with a 5xx reply): do not retry.</summary>
    public bool Permanent => Error is PermanentEmailException;

    /// <summary>Not sent now (server down, timeout, a 4xx reply, cancelled): send it again later.</summary>
    public bool Transient => Error is TransientEmailException;
}

/// <summary>A mail that was not delivered; <see cref="PermanentEmailException"/> or <see cref="TransientEmailException"/>.</summary>
public abstract class EmailDeliveryException(string message, Exception? inner) : Exception(message, inner)
{
    /// <summary>The SMTP reply code, when the server answered (e.g. 550), else null.</summary>
    public int? SmtpStatus { get; init; }
}

/// <summary>The server refused the mail or one of its recipients for good (a 5xx reply): retrying cannot help.</summary>
public sealed class PermanentEmailException(string message, Exception? inner = null) : EmailDeliveryException(message, inner);

/// <summary>The mail could not be handed over now (server unreachable, timeout, TLS or authentication failure, a 4xx reply): retry later.</summary>
public sealed class TransientEmailException(string message, Exception? inner = null) : EmailDeliveryException(message, inner);

public sealed class EmailOptions
{
    /// <summary><c>Smtp</c> (deployments) or <c>Outbox</c> (the embedded default: kept in the database, read on the operator's outbox page).</summary>
    public string Delivery { get; set; } = "Outbox";
    public string From { get; set; } = "no-reply@twinningcloud.local";
    public string FromName { get; set; } = "TwinningCloud";
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;

    /// <summary>
    /// <c>Auto</c> (TLS on connect on port 465, else STARTTLS when the server offers it), <c>StartTls</c>
    /// (STARTTLS required), <c>SslOnConnect</c> (implicit TLS, port 465), <c>StartTlsWhenAvailable</c> or <c>None</c>.
    /// </summary>
    public EmailSecurity Security { get; set; } = EmailSecurity.Auto;

    /// <summary>Before MailKit: <c>true</c> meant STARTTLS. Still honoured when <see cref="Security"/> is left at <c>Auto</c>.</summary>
    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>For connecting and for each SMTP command.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The name sent in EHLO (null: the machine's name).</summary>
    public string? LocalDomain { get; set; }

    public bool UsesOutbox => string.Equals(Delivery, "Outbox", StringComparison.OrdinalIgnoreCase);
}

public enum EmailSecurity
{
    Auto,
    None,
    StartTls,
    StartTlsWhenAvailable,
    SslOnConnect,
}

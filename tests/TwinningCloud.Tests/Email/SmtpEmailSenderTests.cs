using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Email;

namespace TwinningCloud.Tests.Email;

public sealed class SmtpEmailSenderTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_mail_reaches_the_real_SMTP_server_with_text_and_html_parts_in_UTF8()
    {
        var sender = App.Services.GetRequiredService<IEmailSender>();
        var to = $"agent-{Guid.NewGuid():N}@marseille.example.org";

        await sender.SendAsync(new EmailMessage(to, "Révision de l'accord avec Gênes", "Bonjour,\nl'accord sera révisé le 10 juillet.",
            "<p>Bonjour,</p><p>l'accord sera révisé le <strong>10 juillet</strong>.</p>", "Ville de Marseille"));

        var mail = await MailDev.WaitForAsync(to);
        Assert.Equal("Révision de l'accord avec Gênes", mail.Subject);
        Assert.Contains("l'accord sera révisé le 10 juillet.", mail.Text, StringComparison.Ordinal);
        Assert.Contains("<strong>10 juillet</strong>", mail.Html, StringComparison.Ordinal);
        Assert.Equal("Ville de Marseille", mail.From.Single().Name);
    }

    [Fact]
    public void The_test_host_sends_through_SMTP_not_the_pickup_folder()
    {
        var options = App.Services.GetRequiredService<IOptions<EmailOptions>>().Value;

        Assert.Equal("Smtp", options.Delivery);
        Assert.Equal(TestEnvironment.SmtpPort, options.Port);
        // Metered (observability) around the suspended-town guard (lifecycle) around the SMTP sender.
        var metered = Assert.IsType<TwinningCloud.Web.Platform.Observability.MeteredEmailSender>(App.Services.GetRequiredService<IEmailSender>());
        Assert.IsType<SmtpEmailSender>(Assert.IsType<SuspendedTownMailGuard>(metered.Inner).Inner);
    }

    [Fact]
    public async Task An_automatic_mail_carries_Message_Id_Date_and_Auto_Submitted_and_line_breaks_in_a_title_cannot_add_headers()
    {
        var sender = App.Services.GetRequiredService<IEmailSender>();
        var to = MailDev.NewAddress("agent");
        var victim = MailDev.NewAddress("victim", "evil.example");
        // A title typed with CR/LF (and a NUL) trying to add a Bcc header and to end the headers early.
        var title = $"Accord\r\nBcc: {victim}\r\n\r\nSurprise\0 Gênes";

        await sender.SendAsync(new EmailMessage(to, $"Révision : {title}", "texte", "<p>html</p>", $"Ville\r\nReply-To: {victim}") { MessageId = "reminder-42@twinningcloud.test" });

        var mail = await MailDev.WaitForAsync(to);
        Assert.Equal($"Révision : Accord Bcc: {victim} Surprise Gênes", mail.Subject);
        Assert.Equal($"Ville Reply-To: {victim}", mail.From.Single().Name);
        Assert.Equal([to], mail.To.Select(a => a.Email));
        var source = await MailDev.SourceAsync(mail);
        var headers = source[..source.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.Contains("Message-Id: <reminder-42@twinningcloud.test>", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Auto-Submitted: auto-generated", headers, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Date: \w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}", headers);
        Assert.DoesNotMatch(@"(?mi)^(Bcc|Reply-To):", headers);
        Assert.Contains("multipart/alternative", headers, StringComparison.Ordinal);
        Assert.DoesNotContain((await MailDev.AllAsync()), m => m.To.Any(a => a.Email == victim));
    }

    [Fact]
    public void Header_values_lose_line_breaks_and_control_characters_and_keep_everything_else()
    {
        Assert.Equal("Révision : Accord Bcc: x@y Gdańsk", MailHeaders.Clean("Révision : Accord\r\nBcc: x@y\n\rGdańsk\0"));
        Assert.Equal("a b c", MailHeaders.Clean("a\tb\u2028c\u0007"));
        Assert.Equal("", MailHeaders.Clean(null));
    }

    [Fact]
    public async Task A_batch_goes_over_one_connection_and_a_refused_recipient_fails_for_good_a_deferred_one_for_now_and_the_others_are_sent()
    {
        await using var server = TinySmtpServer.Start();
        var sender = Sender(server);
        var messages = new[] { "one@example.org", "refused@example.org", "busy@example.org", "two@example.org", "three@example.org" }
            .Select(to => new EmailMessage(to, $"Rappel pour {to}", "texte", "<p>html</p>")).ToList();

        var outcomes = await sender.SendManyAsync(messages);

        Assert.Equal(1, server.Connections);
        Assert.Equal(messages, outcomes.Select(o => o.Message));
        Assert.Equal([true, false, false, true, true], outcomes.Select(o => o.Sent));
        var refused = Assert.IsType<PermanentEmailException>(outcomes[1].Error);
        Assert.Equal(550, refused.SmtpStatus);
        Assert.True(outcomes[1].Permanent);
        var deferred = Assert.IsType<TransientEmailException>(outcomes[2].Error);
        Assert.Equal(451, deferred.SmtpStatus);
        Assert.True(outcomes[2].Transient);
        Assert.Equal(["one@example.org", "two@example.org", "three@example.org"], server.Messages.Select(m => m.To.Single()));
        Assert.All(server.Messages, m => Assert.Contains("Auto-Submitted: auto-generated", m.Data, StringComparison.Ordinal));

        // The single send says the same by its exception type.
        await Assert.ThrowsAsync<PermanentEmailException>(() => sender.SendAsync(messages[1]));
        await Assert.ThrowsAsync<TransientEmailException>(() => sender.SendAsync(messages[2]));
    }

    [Fact]
    public async Task A_batch_of_many_mails_reaches_MailDev_each_to_its_own_recipient()
    {
        var sender = App.Services.GetRequiredService<IEmailSender>();
        var recipients = Enumerable.Range(1, 25).Select(i => MailDev.NewAddress($"r{i:D2}")).ToList();

        var outcomes = await sender.SendManyAsync(recipients.Select(to => new EmailMessage(to, "Rappel", "texte", "<p>html</p>")).ToList());

        Assert.All(outcomes, o => Assert.True(o.Sent, o.Error?.Message));
        foreach (var to in recipients)
        {
            var mail = await MailDev.WaitForAsync(to);
            Assert.Equal([to], mail.To.Select(a => a.Email));
        }
    }

    [Fact]
    public async Task A_server_that_is_down_is_a_transient_error_for_every_mail_of_the_batch()
    {
        var port = FreePort();
        var sender = Sender(port);
        var messages = new[] { "one@example.org", "two@example.org" }.Select(to => new EmailMessage(to, "Rappel", "t", "<p>h</p>")).ToList();

        var outcomes = await sender.SendManyAsync(messages);

        Assert.All(outcomes, o => Assert.IsType<TransientEmailException>(o.Error));
        var error = await Assert.ThrowsAsync<TransientEmailException>(() => sender.SendAsync(messages[0]));
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_as_a_transient_error_and_cancellation_stops_the_wait()
    {
        await using var server = TinySmtpServer.Start(silent: true);
        var message = new EmailMessage("one@example.org", "Rappel", "t", "<p>h</p>");

        var watch = Stopwatch.StartNew();
        var timedOut = await Assert.ThrowsAsync<TransientEmailException>(() => Sender(server, timeout: TimeSpan.FromSeconds(1)).SendAsync(message));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"timed out after {watch.Elapsed}");
        Assert.Contains("SMTP server unavailable", timedOut.Message, StringComparison.Ordinal);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        watch.Restart();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender(server, timeout: TimeSpan.FromMinutes(5)).SendAsync(message, cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"cancelled after {watch.Elapsed}");
    }

    [Fact]
    public async Task Mail_goes_over_implicit_TLS_with_authentication()
    {
        await using var server = TinySmtpServer.Start(TinySmtpServer.TlsMode.OnConnect, ("relay-user", "relay-secret"));

        await Sender(server, EmailSecurity.SslOnConnect, "relay-user", "relay-secret").SendAsync(new EmailMessage("one@example.org", "Rappel", "t", "<p>h</p>"));

        Assert.Equal(["relay-user"], server.Authenticated);
        Assert.Equal([true], server.SessionsOverTls);
        Assert.Equal("one@example.org", server.Messages.Single().To.Single());
        // A wrong password is not the mail's fault: transient, to be retried once the operator fixes it.
        await Assert.ThrowsAsync<TransientEmailException>(() => Sender(server, EmailSecurity.SslOnConnect, "relay-user", "wrong").SendAsync(new EmailMessage("two@example.org", "Rappel", "t", "<p>h</p>")));
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task Mail_goes_over_STARTTLS_when_required_and_is_not_sent_in_clear_to_a_server_without_it()
    {
        await using var server = TinySmtpServer.Start(TinySmtpServer.TlsMode.StartTls);

        await Sender(server, EmailSecurity.StartTls).SendAsync(new EmailMessage("one@example.org", "Rappel", "t", "<p>h</p>"));

        Assert.Equal([true], server.SessionsOverTls);
        await using var plain = TinySmtpServer.Start();
        await Assert.ThrowsAsync<TransientEmailException>(() => Sender(plain, EmailSecurity.StartTls).SendAsync(new EmailMessage("one@example.org", "Rappel", "t", "<p>h</p>")));
        Assert.Empty(plain.Messages);
    }

    private static SmtpEmailSender Sender(TinySmtpServer server, EmailSecurity security = EmailSecurity.None, string? user = null, string? password = null, TimeSpan? timeout = null) =>
        new(Options(server.Port, security, user, password, timeout), TimeProvider.System, NullLogger<SmtpEmailSender>.Instance)
        {
            // Trusts exactly the tiny server's self-signed certificate.
            CertificateValidation = (_, certificate, _, _) => certificate is not null && server.Certificate is not null
                && certificate.GetCertHashString() == server.Certificate.GetCertHashString(),
        };

    private static SmtpEmailSender Sender(int port) =>
        new(Options(port, EmailSecurity.None, null, null, null), TimeProvider.System, NullLogger<SmtpEmailSender>.Instance);

    private static IOptions<EmailOptions> Options(int port, EmailSecurity security, string? user, string? password, TimeSpan? timeout) =>
        Microsoft.Extensions.Options.Options.Create(new EmailOptions
        {
            Delivery = "Smtp", Host = "127.0.0.1", Port = port, Security = security, UserName = user, Password = password,
            Timeout = timeout ?? TimeSpan.FromSeconds(10), From = "no-reply@twinningcloud.test",
        });

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

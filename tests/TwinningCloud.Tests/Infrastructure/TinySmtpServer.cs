using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>
/// A tiny SMTP server on a real loopback socket, for what MailDev cannot do: refuse a recipient (550),
/// defer one (451), ask for a password, speak TLS (on connect or after STARTTLS) with a self-signed
/// certificate, say nothing at all (a hung server), and count connections. Enough of RFC 5321 for MailKit.
/// </summary>
public sealed class TinySmtpServer : IAsyncDisposable
{
    public enum TlsMode { None, OnConnect, StartTls }

    public sealed record Received(string From, IReadOnlyList<string> To, string Data);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;
    private int _connections;

    private TinySmtpServer(TlsMode tls, (string User, string Password)? credentials, bool silent)
    {
        Tls = tls;
        Credentials = credentials;
        Silent = silent;
        if (tls != TlsMode.None)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            Certificate = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
        }
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static TinySmtpServer Start(TlsMode tls = TlsMode.None, (string User, string Password)? credentials = null, bool silent = false) =>
        new(tls, credentials, silent);

    public TlsMode Tls { get; }
    public (string User, string Password)? Credentials { get; }

    /// <summary>Accepts connections and never greets (a hung server).</summary>
    public bool Silent { get; }

    public X509Certificate2? Certificate { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Connections => Volatile.Read(ref _connections);
    public ConcurrentQueue<Received> Messages { get; } = new();
    public ConcurrentQueue<string> Authenticated { get; } = new();

    /// <summary>Whether a session switched to TLS (on connect or by STARTTLS) before the mail was sent.</summary>
    public ConcurrentQueue<bool> SessionsOverTls { get; } = new();

    /// <summary>Recipients refused for good: any address containing "refused".</summary>
    public static bool Refuses(string address) => address.Contains("refused", StringComparison.OrdinalIgnoreCase);

    /// <summary>Recipients deferred (451, try later): any address containing "busy".</summary>
    public static bool Defers(string address) => address.Contains("busy", StringComparison.OrdinalIgnoreCase);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            lock (_sessions)
            {
                _sessions.Add(Task.Run(() => SessionAsync(client)));
            }
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            Stream stream = client.GetStream();
            var overTls = false;
            if (Tls == TlsMode.OnConnect)
            {
                stream = await ServerTlsAsync(stream);
                overTls = true;
            }
            if (Silent)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }
            var io = new Lines(stream);
            await io.WriteAsync("220 tiny.test ESMTP ready");
            string? from = null;
            var to = new List<string>();
            var authenticated = Credentials is null;
            while (await io.ReadAsync() is { } line)
            {
                var verb = (line.Split(' ', 2)[0]).ToUpperInvariant();
                var arg = line.Length > verb.Length ? line[(verb.Length + 1)..] : "";
                switch (verb)
                {
                    case "EHLO":
                        var extensions = new List<string> { "tiny.test", "8BITMIME" };
                        if (Credentials is not null)
                        {
                            extensions.Add("AUTH PLAIN");
                        }
                        if (Tls == TlsMode.StartTls && !overTls)
                        {
                            extensions.Add("STARTTLS");
                        }
                        for (var i = 0; i < extensions.Count; i++)
                        {
                            await io.WriteAsync($"250{(i < extensions.Count - 1 ? "-" : " ")}{extensions[i]}");
                        }
                        break;
                    case "HELO":
                        await io.WriteAsync("250 tiny.test");
                        break;
                    case "STARTTLS":
                        await io.WriteAsync("220 go ahead");
                        stream = await ServerTlsAsync(stream);
                        overTls = true;
                        io = new Lines(stream);
                        break;
                    case "AUTH":
                        var parts = arg.Split(' ', 2);
                        var response = parts.Length > 1 ? parts[1] : null;
                        if (response is null)
                        {
                            await io.WriteAsync("334 ");
                            response = await io.ReadAsync() ?? "";
                        }
                        var plain = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
                        if (Credentials is { } c && plain.Length == 3 && plain[1] == c.User && plain[2] == c.Password)
                        {
                            authenticated = true;
                            Authenticated.Enqueue(plain[1]);
                            await io.WriteAsync("235 2.7.0 authenticated");
                        }
                        else
                        {
                            await io.WriteAsync("535 5.7.8 bad credentials");
                        }
                        break;
                    case "MAIL":
                        if (!authenticated)
                        {
                            await io.WriteAsync("530 5.7.0 authentication required");
                            break;
                        }
                        from = Address(arg);
                        to.Clear();
                        await io.WriteAsync("250 2.1.0 ok");
                        break;
                    case "RCPT":
                        var rcpt = Address(arg);
                        if (Refuses(rcpt))
                        {
                            await io.WriteAsync("550 5.1.1 no such mailbox");
                        }
                        else if (Defers(rcpt))
                        {
                            await io.WriteAsync("451 4.3.0 mailbox busy, try later");
                        }
                        else
                        {
                            to.Add(rcpt);
                            await io.WriteAsync("250 2.1.5 ok");
                        }
                        break;
                    case "DATA":
                        await io.WriteAsync("354 end with <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        while (await io.ReadAsync() is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }
                        Messages.Enqueue(new Received(from ?? "", [.. to], data.ToString()));
                        SessionsOverTls.Enqueue(overTls);
                        await io.WriteAsync("250 2.0.0 queued");
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await io.WriteAsync("250 2.0.0 ok");
                        break;
                    case "NOOP":
                        await io.WriteAsync("250 2.0.0 ok");
                        break;
                    case "QUIT":
                        await io.WriteAsync("221 2.0.0 bye");
                        return;
                    default:
                        await io.WriteAsync("502 5.5.2 not implemented");
                        break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (AuthenticationException)
        {
        }
    }

    private async Task<Stream> ServerTlsAsync(Stream inner)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(Certificate!, clientCertificateRequired: false, checkCertificateRevocation: false);
        return tls;
    }

    private static string Address(string arg)
    {
        var start = arg.IndexOf('<', StringComparison.Ordinal);
        var end = arg.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? arg[(start + 1)..end] : arg;
    }

    /// <summary>CRLF lines over a stream, read byte by byte (no read-ahead, so STARTTLS can take the stream over).</summary>
    private sealed class Lines(Stream stream)
    {
        public async Task<string?> ReadAsync()
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                var n = await stream.ReadAsync(one);
                if (n == 0)
                {
                    return bytes.Count == 0 ? null : Encoding.UTF8.GetString([.. bytes]);
                }
                if (one[0] == (byte)'\n')
                {
                    if (bytes.Count > 0 && bytes[^1] == (byte)'\r')
                    {
                        bytes.RemoveAt(bytes.Count - 1);
                    }
                    return Encoding.UTF8.GetString([.. bytes]);
                }
                bytes.Add(one[0]);
            }
        }

        public async Task WriteAsync(string line)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
            await stream.FlushAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }
        await Task.WhenAny(Task.WhenAll(sessions), Task.Delay(2000));
        _stop.Dispose();
        Certificate?.Dispose();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>
/// A MailDev of the test's own (SMTP and web API on free ports of 1120–1139), so that a test can stop the
/// mail server, start it again, and count exactly the mail it caused. Always stopped by <see cref="DisposeAsync"/>.
/// </summary>
public sealed class OwnMailDev : IAsyncDisposable
{
    private static readonly object PortLock = new();
    private static readonly HashSet<int> Taken = [];
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tc-maildev-");
    private readonly HttpClient _http;
    private Process? _process;

    private OwnMailDev(int smtpPort, int webPort)
    {
        SmtpPort = smtpPort;
        WebPort = webPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public int SmtpPort { get; }
    public int WebPort { get; }
    public bool IsRunning => _process is { HasExited: false };

    public static async Task<OwnMailDev> StartAsync()
    {
        int smtp, web;
        lock (PortLock)
        {
            smtp = FreePort();
            Taken.Add(smtp);
            web = FreePort();
            Taken.Add(web);
        }
        var maildev = new OwnMailDev(smtp, web);
        await maildev.StartAgainAsync();
        return maildev;
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same ports; waits until SMTP and the API answer.</summary>
    public async Task StartAgainAsync()
    {
        var script = Path.Combine(RepositoryRoot.Path, "tools", "test-env", "node_modules", "maildev", "dist", "bin", "maildev.js");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder.FullName,
        };
        foreach (var arg in new[]
        {
            script, "--ip", "127.0.0.1", "--smtp", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--web-ip", "127.0.0.1", "--web", WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--mail-directory", Path.Combine(_folder.FullName, "mail"),
        })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"MailDev exited at start (ports {SmtpPort}/{WebPort}).");
            }
            if (await AnswersAsync())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("MailDev did not start.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Stops the server (its SMTP port refuses connections until <see cref="StartAgainAsync"/>).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        for (var i = 0; i < 50 && PortOpen(SmtpPort); i++)
        {
            await Task.Delay(100);
        }
    }

    public async Task<IReadOnlyList<MailDev.Mail>> AllAsync() =>
        await _http.GetFromJsonAsync<List<MailDev.Mail>>("/api/email") ?? [];

    /// <summary>Waits until at least <paramref name="count"/> mails were received (or the timeout passes), then returns them all.</summary>
    public async Task<IReadOnlyList<MailDev.Mail>> WaitForCountAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var all = await AllAsync();
            if (all.Count >= count || DateTime.UtcNow > deadline)
            {
                return all;
            }
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        lock (PortLock)
        {
            Taken.Remove(SmtpPort);
            Taken.Remove(WebPort);
        }
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> AnswersAsync()
    {
        if (!PortOpen(SmtpPort))
        {
            return false;
        }
        try
        {
            using var response = await _http.GetAsync("/api/healthz");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static bool PortOpen(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port of 1120–1139 (the range reserved for this worktree's own servers) that nothing listens on.</summary>
    private static int FreePort()
    {
        for (var port = 1120; port <= 1139; port++)
        {
            if (Taken.Contains(port) || PortOpen(port))
            {
                continue;
            }
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("No free port in 1120–1139 for a MailDev of the test's own.");
    }
}

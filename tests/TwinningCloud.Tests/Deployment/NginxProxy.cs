using System.Diagnostics;
using System.Globalization;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Deployment;

/// <summary>
/// Debian's nginx (installed by tools/test) in front of app instances on loopback, configured with the
/// deployment's own template (deploy/nginx/twinningcloud.conf.template) wrapped in a minimal main
/// configuration whose access log records which instance answered each request.
/// </summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";
    private readonly DirectoryInfo _folder;
    private readonly Process _process;

    private NginxProxy(DirectoryInfo folder, Process process, int port)
    {
        _folder = folder;
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    private string AccessLog => Path.Combine(_folder.FullName, "access.log");

    public static async Task<NginxProxy> StartAsync(int firstUpstream, int secondUpstream)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: run the tests with tools/test, which installs Debian's nginx.");
        var port = DeploymentKit.FreePort();
        var folder = Directory.CreateTempSubdirectory("tc-nginx-");
        var template = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "deploy", "nginx", "twinningcloud.conf.template"));
        var site = template
            .Replace("${TC_LISTEN}", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("${TC_UPSTREAM_1}", $"127.0.0.1:{firstUpstream}", StringComparison.Ordinal)
            .Replace("${TC_UPSTREAM_2}", $"127.0.0.1:{secondUpstream}", StringComparison.Ordinal);
        Assert.DoesNotContain("${", site, StringComparison.Ordinal); // every placeholder of the template is known here
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "site.conf"), site);
        var dir = folder.FullName;
        // Root runs the workers as root (the temporary folders are ours); anyone else runs nginx as themselves.
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 256; }
            http {
                log_format upstreams '$request_method $request_uri $status $upstream_addr';
                access_log {{dir}}/access.log upstreams;
                client_body_temp_path {{dir}}/client_body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                include {{dir}}/site.conf;
            }
            """);
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", dir, "-e", Path.Combine(dir, "error.log"), "-c", Path.Combine(dir, "nginx.conf") })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new NginxProxy(folder, process, port);
        var listening = await DeploymentKit.WaitUntilAsync(() => Task.FromResult(process.HasExited || PortOpen(port)), TimeSpan.FromSeconds(20));
        if (process.HasExited || !listening)
        {
            var errors = File.Exists(Path.Combine(dir, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(dir, "error.log")) : "(no error log)";
            await proxy.DisposeAsync();
            throw new InvalidOperationException($"nginx did not start: {errors}");
        }
        return proxy;
    }

    /// <summary>The upstream address ("127.0.0.1:port") that answered each logged request for <paramref name="path"/>.</summary>
    public async Task<List<string>> UpstreamsOfAsync(string method, string path)
    {
        if (!File.Exists(AccessLog))
        {
            return [];
        }
        var lines = await File.ReadAllLinesAsync(AccessLog);
        return lines.Select(l => l.Split(' '))
            .Where(p => p.Length >= 4 && p[0] == method && p[1] == path)
            .Select(p => p[3])
            .ToList();
    }

    private static bool PortOpen(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGQUIT: nginx's graceful stop (master and its worker).
            using (var quit = Process.Start("kill", ["-QUIT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await quit.WaitForExitAsync();
            }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        _folder.Delete(recursive: true);
    }
}

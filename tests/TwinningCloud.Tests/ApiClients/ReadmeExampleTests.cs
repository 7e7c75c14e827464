using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.ApiClients;

/// <summary>
/// The README's curl example of the API clients' section runs as written (its lines, through bash and curl) against
/// the embedded default (<c>dotnet run</c>: Development settings, SQLite, the demo towns and the demo client).
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task The_READMEs_client_credentials_curl_example_works_on_the_embedded_default()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "README.md"));
        var section = readme[readme.IndexOf("### API clients (OAuth 2.0)", StringComparison.Ordinal)..];
        var start = section.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        var script = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Contains("grant_type=client_credentials", script, StringComparison.Ordinal);

        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        var database = Path.Combine(Path.GetTempPath(), $"tc-readme-{Guid.NewGuid():N}.db");
        var run = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "run", "--no-build", "-c", "Release", "--project", "src/TwinningCloud.Web" })
        {
            run.ArgumentList.Add(argument);
        }
        run.Environment["ASPNETCORE_URLS"] = address;
        run.Environment["ConnectionStrings__Default"] = $"Data Source={database}";
        var lines = new ConcurrentQueue<string>();
        using var app = new Process { StartInfo = run };
        app.OutputDataReceived += (_, e) => lines.Enqueue(e.Data ?? "");
        app.ErrorDataReceived += (_, e) => lines.Enqueue(e.Data ?? "");
        app.Start();
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (!lines.Any(l => l.Contains("Now listening on:", StringComparison.Ordinal)) && !app.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.True(lines.Any(l => l.Contains("Now listening on:", StringComparison.Ordinal)), "the app did not start:\n" + string.Join("\n", lines.TakeLast(30)));

            var bash = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            bash.ArgumentList.Add("-euo");
            bash.ArgumentList.Add("pipefail");
            using var shell = Process.Start(bash)!;
            await shell.StandardInput.WriteAsync(script.Replace("http://localhost:5080", address, StringComparison.Ordinal));
            shell.StandardInput.Close();
            var output = await shell.StandardOutput.ReadToEndAsync();
            var errors = await shell.StandardError.ReadToEndAsync();
            await shell.WaitForExitAsync();
            Assert.True(shell.ExitCode == 0, $"bash exited {shell.ExitCode}: {errors}");
            Assert.Contains("\"total\":14", output, StringComparison.Ordinal); // Marseille's 14 demo memberships
            Assert.Contains("\"networkId\"", output, StringComparison.Ordinal);

            // The same secret at Bagnolet gets nothing.
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var elsewhere = await http.PostAsync("/bagnolet/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "marseille-demo", ["client_secret"] = "Marseille-api-demo-2026",
            }));
            Assert.NotEqual(HttpStatusCode.OK, elsewhere.StatusCode);
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            File.Delete(database);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Platform;

/// <summary>
/// Issue 9, item 9: the run command (<c>dotnet run --project src/TwinningCloud.Web</c>, with its launch profile) listens
/// where <c>ASPNETCORE_URLS</c> or <c>--urls</c> says; 5080 is only the default.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class ListeningAddressTests
{
    [Theory]
    [InlineData("environment")]
    [InlineData("command line")]
    public async Task The_run_command_listens_where_ASPNETCORE_URLS_or_urls_says(string how)
    {
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        var database = Path.Combine(Path.GetTempPath(), $"tc-urls-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "run", "--no-build", "-c", "Release", "--project", "src/TwinningCloud.Web" })
        {
            start.ArgumentList.Add(argument);
        }
        if (how == "command line")
        {
            start.ArgumentList.Add("--");
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(address);
        }
        else
        {
            start.Environment["ASPNETCORE_URLS"] = address;
        }
        start.Environment["ConnectionStrings__Default"] = $"Data Source={database}";
        start.Environment["Seed__Demo"] = "false";
        start.Environment["Jobs__RunWorker"] = "false";
        var lines = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => lines.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => lines.Enqueue(e.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!lines.Any(l => l.Contains("Now listening on:", StringComparison.Ordinal)) && !process.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            var listening = lines.Where(l => l.Contains("Now listening on:", StringComparison.Ordinal)).ToList();
            Assert.True(listening.Count > 0, "the app did not start:\n" + string.Join("\n", lines.TakeLast(30)));
            Assert.All(listening, l => Assert.Contains(address, l, StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(":5080", StringComparison.Ordinal));
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
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

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>
/// The app run as a separate process, as a deployment runs it: <c>dotnet TwinningCloud.Web.dll</c> with
/// settings in environment variables, JSON logs (one object a line) kept in <see cref="Lines"/>. The process
/// is the dotnet host itself (no shell in between), so <see cref="KillHard"/> is a real <c>kill -9</c>.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private AppProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public bool WasKilled { get; private set; }
    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>Log entries of the given event id (JSON console format), with their state.</summary>
    public IEnumerable<JsonElement> Events(int eventId)
    {
        foreach (var line in Lines)
        {
            if (!line.StartsWith('{') || !line.Contains($"\"EventId\":{eventId},", StringComparison.Ordinal))
            {
                continue;
            }
            JsonElement entry;
            try
            {
                entry = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException)
            {
                continue; // a line cut by kill -9
            }
            if (entry.GetProperty("EventId").GetInt32() == eventId)
            {
                yield return entry;
            }
        }
    }

    /// <param name="arguments">A command of the app (<c>migrate</c>…); none: it serves HTTP.</param>
    public static AppProcess Start(string name, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TwinningCloud.Web.dll"));
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__Format"] = "json";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__TwinningCloud"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Database__MigrateAtStartup"] = "false";
        start.Environment["Seed__Demo"] = "false";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, name);
        process.OutputDataReceived += (_, e) => app.Add(e.Data);
        process.ErrorDataReceived += (_, e) => app.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    /// <summary>Waits until a line containing <paramref name="text"/> was written (false: timeout or exit).</summary>
    public async Task<bool> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                return true;
            }
            if (_process.HasExited)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return false;
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Waits for the process to end by itself (a command), then gives its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, leases stay held until they expire.</summary>
    public async Task KillHardAsync()
    {
        if (!_process.HasExited)
        {
            WasKilled = true;
            _process.Kill(); // SIGKILL on Unix
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the host shuts down gracefully (the worker gives back unfinished claims).</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                await KillHardAsync();
            }
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

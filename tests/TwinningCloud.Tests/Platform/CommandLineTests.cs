using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Platform;

/// <summary>The app's own command line, run as a separate process the way a deployment runs it.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class CommandLineTests
{
    [Fact]
    public async Task Migrate_brings_an_empty_PostgreSQL_database_up_to_date_and_logs_one_JSON_object_a_line()
    {
        await using var database = await TestDatabase.CreateAsync("cli");

        var (exitCode, output) = await RunAppAsync(["migrate"], new()
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Default"] = database.ConnectionString,
            ["Logging__Format"] = "json",
        });

        Assert.True(exitCode == 0, output);
        var logLines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToList();
        var entries = logLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var applying = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "TwinningCloud.Web.Platform.Persistence.DatabaseStartup");
        Assert.Equal("Information", applying.GetProperty("LogLevel").GetString());
        Assert.True(applying.TryGetProperty("Timestamp", out _));
        Assert.Contains("Migrations", applying.GetProperty("State").EnumerateObject().Select(p => p.Name));

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", connection);
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
        await using var tenants = new NpgsqlCommand("SELECT count(*) FROM tenants", connection);
        Assert.Equal(0L, (long)(await tenants.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_tenant_scoped_command_runs_inside_that_tenants_context_only()
    {
        var folder = Directory.CreateTempSubdirectory("tc-cli-");
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Sqlite",
                ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(folder.FullName, "cli.db")}",
                ["Seed__OperatorPassword"] = TestUsers.OperatorPassword,
            };
            var (seeded, seedOutput) = await RunAppAsync(["seed-demo"], settings);
            Assert.True(seeded == 0, seedOutput);

            var (exitCode, output) = await RunAppAsync(["partner-cities", "--tenant", "bagnolet"], settings);

            Assert.True(exitCode == 0, output);
            Assert.Contains("Oranienburg", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Glasgow", output, StringComparison.Ordinal);
            var (unknown, unknownOutput) = await RunAppAsync(["partner-cities", "--tenant", "atlantis"], settings);
            Assert.Equal(2, unknown);
            Assert.Contains("No tenant 'atlantis'", unknownOutput, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Runs the built app (its command line) as a separate process with these environment variables.</summary>
    internal static async Task<(int ExitCode, string Output)> RunAppAsync(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TwinningCloud.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

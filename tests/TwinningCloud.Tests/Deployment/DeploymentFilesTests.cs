using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Deployment;

/// <summary>
/// deploy/docker-compose.yml read by Debian's docker-compose (no Docker engine runs here: `config` resolves and
/// validates the file, nothing is built or started), and deploy/CONFIGURATION.md against the settings the code reads.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed partial class DeploymentFilesTests
{
    private static readonly string Reference = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "CONFIGURATION.md"));

    /// <summary>The stack as docker-compose resolves it (anchors, merges and ${…} defaults applied), as JSON.</summary>
    private static async Task<JsonElement> ResolvedStackAsync()
    {
        Assert.True(File.Exists("/usr/bin/docker-compose"), "docker-compose is missing: run the tests with tools/test, which installs Debian's docker-compose.");
        var (exit, output) = await DeploymentKit.RunAsync("bash", ["-c",
            "set -o pipefail; docker-compose -f deploy/docker-compose.yml config | python3 -c 'import sys, yaml, json; print(json.dumps(yaml.safe_load(sys.stdin)))'"]);
        Assert.True(exit == 0, output);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public async Task The_compose_stack_runs_migrate_once_before_two_identical_instances_behind_nginx()
    {
        var services = (await ResolvedStackAsync()).GetProperty("services");

        Assert.Equal(["app", "app2", "migrate", "nginx", "postgres", "smtp"], services.EnumerateObject().Select(s => s.Name).Order());
        var migrate = services.GetProperty("migrate");
        Assert.Equal("migrate", migrate.GetProperty("command").EnumerateArray().Single().GetString());
        Assert.Equal("no", migrate.GetProperty("restart").GetString());
        foreach (var name in new[] { "app", "app2" })
        {
            var app = services.GetProperty(name);
            Assert.Equal("service_completed_successfully", app.GetProperty("depends_on").GetProperty("migrate").GetProperty("condition").GetString());
            Assert.False(app.TryGetProperty("ports", out _), $"{name} is reached through nginx only");
            Assert.Equal("false", app.GetProperty("environment").GetProperty("Database__MigrateAtStartup").GetString());
            Assert.Equal("twinningcloud:local", app.GetProperty("image").GetString());
        }
        // Interchangeable instances: the same settings (key ring certificate, API keys, public origin…).
        Assert.Equal(services.GetProperty("app").GetProperty("environment").ToString(), services.GetProperty("app2").GetProperty("environment").ToString());
        var nginx = services.GetProperty("nginx");
        foreach (var name in new[] { "app", "app2" })
        {
            Assert.Equal("service_healthy", nginx.GetProperty("depends_on").GetProperty(name).GetProperty("condition").GetString());
        }
        Assert.Contains(nginx.GetProperty("volumes").EnumerateArray(), v => v.ToString().Contains("twinningcloud.conf.template", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_setting_the_compose_stack_gives_the_app_is_in_the_configuration_reference()
    {
        var environment = (await ResolvedStackAsync()).GetProperty("services").GetProperty("app").GetProperty("environment");
        var missing = environment.EnumerateObject().Select(e => e.Name.Replace("__", ":", StringComparison.Ordinal))
            .Where(setting => !Documents(setting)).ToList();
        Assert.True(missing.Count == 0, "not in deploy/CONFIGURATION.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_setting_the_code_reads_is_in_the_configuration_reference()
    {
        var source = Path.Combine(RepositoryRoot.Path, "src", "TwinningCloud.Web");
        var settings = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/Migrations/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            foreach (var line in File.ReadLines(file).Where(l => ReadsConfiguration().IsMatch(l)))
            {
                foreach (Match m in SettingName().Matches(line))
                {
                    settings.Add(m.Groups[1].Value);
                }
            }
        }
        // Sections bound to option classes: each property is a setting.
        foreach (var (section, type) in new[] { ("Jobs", typeof(TwinningCloud.Web.Platform.Jobs.JobOptions)), ("Email", typeof(TwinningCloud.Web.Platform.Email.EmailOptions)) })
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                settings.Add($"{section}:{property.Name}");
            }
        }
        Assert.Contains("Database:Provider", settings); // the scan finds what it should
        Assert.Contains("DataProtection:Certificate", settings);
        var missing = settings.Where(s => !Documents(s)).ToList();
        Assert.True(missing.Count == 0, "not in deploy/CONFIGURATION.md: " + string.Join(", ", missing));
    }

    /// <summary>The reference names the setting in a table's first column (`Section:Key`), or its section with a per-town key.</summary>
    private static bool Documents(string setting) =>
        Reference.Contains($"`{setting}`", StringComparison.Ordinal) || Reference.Contains($"`{setting}:", StringComparison.Ordinal);

    [GeneratedRegex(@"[Cc]onfiguration|GetSection|GetValue|GetConnectionString|Section =|Section\b")]
    private static partial Regex ReadsConfiguration();

    [GeneratedRegex("\"((?:ConnectionStrings|Database|Seed|Site|Email|Jobs|Security|Collectives|Api|DataProtection|Logging|Kestrel|[A-Z][a-zA-Z]+):[A-Z][A-Za-z]*(?::[A-Z][A-Za-z]*)*)\"")]
    private static partial Regex SettingName();
}

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Cli;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Modules;

/// <summary>
/// The seam between the platform and its modules (ADR 0013): the platform never reaches into a module, every tenant
/// endpoint has exactly one owner, and what a module declares (job kinds, commands) arrives complete.
/// </summary>
public sealed partial class ModuleSeamTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public void Nothing_under_Platform_uses_the_Features_namespace()
    {
        var platform = Path.Combine(RepositoryRoot.Path, "src", "TwinningCloud.Web", "Platform");
        var files = Directory.EnumerateFiles(platform, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            // EF's generated migrations name entity types as strings in their model snapshots; they are not code that calls a module.
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var offenders = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Code: CodeOf(line))))
            .Where(l => l.Code.Contains("TwinningCloud.Web.Features", StringComparison.Ordinal) || RelativeFeatures().IsMatch(l.Code))
            .Select(l => $"{Path.GetRelativePath(platform, l.File)}:{l.Line}: {l.Code.Trim()}")
            .ToList();
        Assert.Empty(offenders);
        Assert.True(files.Count > 50, "the scan found the platform's source");
    }

    [Fact]
    public void The_scan_sees_a_use_of_a_module_written_either_way()
    {
        Assert.Matches(RelativeFeatures(), CodeOf("        services.AddScoped<Features.Jobs.TenantJobs>();"));
        Assert.Contains("TwinningCloud.Web.Features", CodeOf("using TwinningCloud.Web.Features.Federations;"), StringComparison.Ordinal);
        Assert.DoesNotMatch(RelativeFeatures(), CodeOf("        if (http.Features.Get<TownFeature>() is { } feature)"));
        Assert.DoesNotMatch(RelativeFeatures(), CodeOf("    /// folder: Features.Reminders → /Reminders"));
    }

    [Fact]
    public void Every_tenant_endpoint_belongs_to_exactly_one_module_or_the_core()
    {
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => EndpointScopeExtensions.ScopeOf(e) is EndpointScope.Tenant or EndpointScope.TenantOrPlatform)
            .ToList();
        var wrong = endpoints
            .Select(e => (Route: e.RoutePattern.RawText, Owners: e.Metadata.OfType<RequiresModuleAttribute>().Select(m => m.ModuleKey)
                .Concat(e.Metadata.OfType<CoreEndpointAttribute>().Select(c => $"core ({c.ModuleKey})")).ToList()))
            .Where(e => e.Owners.Count != 1)
            .Select(e => $"{e.Route}: {(e.Owners.Count == 0 ? "no module" : string.Join(", ", e.Owners))}")
            .ToList();
        Assert.Empty(wrong);
        Assert.True(endpoints.Count > 80, $"the walk found the tenant endpoints ({endpoints.Count})");
        var catalog = App.Services.GetRequiredService<ModuleCatalog>();
        var owners = endpoints.SelectMany(e => e.Metadata.OfType<RequiresModuleAttribute>()).Select(m => m.ModuleKey).ToHashSet();
        Assert.All(catalog.All, m => Assert.Contains(m.Key, owners)); // every switchable module owns something a town reaches
    }

    [Fact]
    public void Every_job_kind_a_module_registers_has_its_name_in_both_languages()
    {
        var kinds = App.Services.GetRequiredService<JobKinds>().All;
        var texts = App.Services.GetRequiredService<Texts>();
        Assert.True(kinds.Count >= 20, $"the modules' job kinds are registered ({kinds.Count})");
        foreach (var culture in SupportedCultures.All)
        {
            var keys = texts.KeysOf(culture).ToHashSet();
            Assert.Empty(kinds.Where(k => !keys.Contains(k.TextKey)).Select(k => $"{culture}: {k.TextKey}"));
        }
        // The account mail's input is the mail with its one-time link: never shown on the jobs pages.
        Assert.False(App.Services.GetRequiredService<JobKinds>().ShowsInput(TwinningCloud.Web.Platform.Identity.SendEmailJob.Kind));
        Assert.False(App.Services.GetRequiredService<JobKinds>().ShowsInput(TestData.UnknownJobKind));
    }

    [Fact]
    public void The_command_line_has_the_platform_commands_and_each_module_brings_its_own()
    {
        var commands = CommandLine.All(App.Services).Select(c => c.Name).ToList();
        Assert.Equal(commands.Count, commands.Distinct().Count());
        Assert.Subset(commands.ToHashSet(), new HashSet<string> { "migrate", "seed-demo", "tenants", "jobs-failed" });
        var catalog = App.Services.GetRequiredService<ModuleCatalog>();
        Assert.Contains("reminders-sweep", catalog.Find(ModuleKeys.Reminders)!.Commands.Select(c => c.Name));
        Assert.Contains("collectives-announce", catalog.Find(ModuleKeys.Collectives)!.Commands.Select(c => c.Name));
        Assert.Contains("partner-cities", catalog.Find(ModuleKeys.Agreements)!.Commands.Select(c => c.Name));
        Assert.Contains("town-export", catalog.Everything.Single(m => m.AlwaysOn).Commands.Select(c => c.Name));
        Assert.Subset(commands.ToHashSet(), catalog.Everything.SelectMany(m => m.Commands).Select(c => c.Name).ToHashSet());
    }

    /// <summary>The line without its comment (a whole-line or trailing <c>//</c> comment; strings holding "//" are rare here and only widen the cut).</summary>
    private static string CodeOf(string line)
    {
        var at = line.IndexOf("//", StringComparison.Ordinal);
        return at < 0 ? line : line[..at];
    }

    /// <summary><c>Features.X</c> written relative to <c>TwinningCloud.Web</c> (not <c>http.Features</c>).</summary>
    [GeneratedRegex(@"(?<![\w.])Features\.[A-Z]")]
    private static partial Regex RelativeFeatures();
}

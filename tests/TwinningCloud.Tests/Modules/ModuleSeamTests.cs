using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Razor.TagHelpers;
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

    /// <summary>
    /// Platform's public types are its doors (ADR 0013): a public type under <c>Platform/</c> is named in code outside it
    /// (a module, the core's pages, <c>Program.cs</c>, a view), is a tag helper or view component (Razor finds public ones
    /// only), or is reached through a door's public surface — its base type, a parameter of its public constructor (the
    /// container builds services through public constructors only), a public member that code outside uses by name, or a
    /// property of an options class (the configuration binder sets public properties). Everything else is internal.
    /// </summary>
    [Fact]
    public void Platform_public_types_are_its_doors()
    {
        var web = Path.Combine(RepositoryRoot.Path, "src", "TwinningCloud.Web");
        var sep = Path.DirectorySeparatorChar;
        var outside = string.Join('\n', Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.StartsWith(Path.Combine(web, "Platform") + sep, StringComparison.Ordinal)
                && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var named = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool NamedOutside(string name) => named.TryGetValue(name, out var found) ? found
            : named[name] = Regex.IsMatch(outside, $@"\b{Regex.Escape(name)}\b", RegexOptions.CultureInvariant);

        var exported = typeof(PlatformModule).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith("TwinningCloud.Web.Platform", StringComparison.Ordinal)
                && !ns.Contains(".Migrations", StringComparison.Ordinal))
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !t.Name.Contains('<', StringComparison.Ordinal))
            .ToHashSet();
        var doors = exported.Where(t => NamedOutside(SimpleName(t)) || (t.Name.EndsWith("Attribute", StringComparison.Ordinal) && NamedOutside(SimpleName(t)[..^"Attribute".Length]))
            || typeof(ITagHelper).IsAssignableFrom(t) || typeof(ViewComponent).IsAssignableFrom(t) || t.IsDefined(typeof(ViewComponentAttribute), false))
            .ToHashSet();
        // What a door's public surface hands over is a door too (until nothing more is reached).
        for (var more = true; more;)
        {
            var reached = doors.SelectMany(d => Surface(d, NamedOutside)).SelectMany(Mentioned).Where(exported.Contains).Except(doors).ToList();
            doors.UnionWith(reached);
            more = reached.Count > 0;
        }

        var offenders = exported.Except(doors).Select(t => t.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.True(offenders.Count == 0, "Public under Platform/ but no door (used by nothing outside Platform/): make internal:\n  " + string.Join("\n  ", offenders));
        Assert.True(exported.Count > 30, $"the walk found the platform's public types ({exported.Count})");
        Assert.Contains(typeof(PlatformModule), doors);
        Assert.Contains(typeof(TwinningCloud.Web.Platform.Jobs.JobSignal), doors); // reached only through JobQueue's constructor
        Assert.False(typeof(TwinningCloud.Web.Platform.Jobs.JobStore).IsPublic, "a platform type no module uses is internal");
        Assert.True(NamedOutside("PlatformModule") && !NamedOutside("JobStore"), "the scan read the sources outside Platform/");
    }

    /// <summary>A type's name as written in C# (<c>IPubliclyVisible</c> for <c>IPubliclyVisible`1</c>).</summary>
    private static string SimpleName(Type t) => t.Name.Split('`')[0];

    /// <summary>The types a door hands to code outside the platform through its public surface.</summary>
    private static IEnumerable<Type> Surface(Type door, Func<string, bool> namedOutside)
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (door.BaseType is { } b) yield return b;
        foreach (var i in door.GetInterfaces()) yield return i;
        if (!door.IsAbstract)
        {
            foreach (var p in door.GetConstructors().SelectMany(c => c.GetParameters())) yield return p.ParameterType;
        }
        var options = door.Name.EndsWith("Options", StringComparison.Ordinal);
        foreach (var m in door.GetMembers(Public).Where(m => options && m is PropertyInfo || namedOutside(m.Name)))
        {
            switch (m)
            {
                case MethodInfo method:
                    yield return method.ReturnType;
                    foreach (var p in method.GetParameters()) yield return p.ParameterType;
                    break;
                case PropertyInfo property: yield return property.PropertyType; break;
                case FieldInfo field: yield return field.FieldType; break;
                case EventInfo e when e.EventHandlerType is { } handler: yield return handler; break;
                case Type nested: yield return nested; break;
            }
        }
    }

    /// <summary>A type and the types it is made of (generic arguments, element types).</summary>
    private static IEnumerable<Type> Mentioned(Type t)
    {
        yield return t.IsGenericType ? t.GetGenericTypeDefinition() : t;
        var parts = t.HasElementType ? [t.GetElementType()!] : t.IsGenericType ? t.GetGenericArguments() : [];
        foreach (var part in parts.SelectMany(Mentioned)) yield return part;
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

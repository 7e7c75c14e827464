using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Cli;

/// <summary>
/// Operator commands, run with the app's configuration instead of the web server:
/// <c>dotnet run --project src/TwinningCloud.Web -- migrate</c>. A tenant-scoped command takes
/// <c>--tenant SLUG</c> and runs inside that tenant's context, like a request or a job.
/// </summary>
public static class CommandLine
{
    /// <summary>The platform's own commands; each module adds its own (<see cref="PlatformModule.Commands"/>).</summary>
    private static readonly CliCommand[] PlatformCommands =
    [
        new("migrate", "apply pending database migrations", MigrateAsync),
        new("seed-demo", "create the demo operator and tenants if missing", SeedDemoAsync),
        new("create-operator", "create a platform operator: create-operator EMAIL (password from TC_OPERATOR_PASSWORD)", CreateOperatorAsync),
        new("tenants", "list tenants", ListTenantsAsync),
        new("jobs-failed", "list failed and dead jobs (--tenant SLUG for one tenant)", JobCommands.ListFailedJobsAsync),
    ];

    /// <summary>Every command: the platform's, then the modules' in module order.</summary>
    public static IReadOnlyList<CliCommand> All(IServiceProvider services) =>
        [.. PlatformCommands, .. services.GetRequiredService<ModuleCatalog>().Commands.Values];

    public static bool IsCommand(WebApplication app, string[] args) =>
        args.Length > 0 && (args[0] is "help" or "--help" || All(app.Services).Any(c => c.Name == args[0]));

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var commands = All(app.Services);
        if (commands.FirstOrDefault(c => c.Name == args[0]) is not { } command)
        {
            Console.WriteLine("Commands:");
            foreach (var c in commands)
            {
                Console.WriteLine($"  {c.Name,-20} {c.Help}");
            }
            return 0;
        }
        await using var scope = app.Services.CreateAsyncScope();
        return await command.Run(scope.ServiceProvider, args[1..]);
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, string[] args)
    {
        await services.GetRequiredService<DatabaseStartup>().MigrateAsync();
        Console.WriteLine("Database is up to date.");
        return 0;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services, string[] args)
    {
        await services.GetRequiredService<DatabaseStartup>().MigrateAsync();
        await services.GetRequiredService<Demo.DemoSeeder>().SeedAsync();
        return 0;
    }

    private static async Task<int> CreateOperatorAsync(IServiceProvider services, string[] args)
    {
        var password = Environment.GetEnvironmentVariable("TC_OPERATOR_PASSWORD");
        if (args.Length < 1 || string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("Usage: TC_OPERATOR_PASSWORD=... create-operator EMAIL");
            return 2;
        }
        await services.GetRequiredService<Demo.DemoSeeder>().EnsureOperatorAsync(args[0], password);
        Console.WriteLine($"Operator {args[0]} is ready.");
        return 0;
    }

    private static async Task<int> ListTenantsAsync(IServiceProvider services, string[] args)
    {
        foreach (var t in (await services.GetRequiredService<TenantCatalog>().AllAsync()).OrderBy(t => t.Slug))
        {
            Console.WriteLine($"{t.Slug,-24} {t.Status,-10} {t.DefaultCulture} {t.TimeZoneId,-20} {t.DisplayName}");
        }
        return 0;
    }

    internal static async Task<TenantInfo?> RequireTenantAsync(IServiceProvider services, string[] args)
    {
        var index = Array.IndexOf(args, "--tenant");
        var slug = index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        var tenant = slug is null ? null : await services.GetRequiredService<TenantCatalog>().FindBySlugAsync(slug);
        if (tenant is null)
        {
            await Console.Error.WriteLineAsync(slug is null ? "This command needs --tenant SLUG." : $"No tenant '{slug}'.");
        }
        return tenant;
    }
}

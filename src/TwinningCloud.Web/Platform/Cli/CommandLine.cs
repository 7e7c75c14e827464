using Microsoft.EntityFrameworkCore;
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
    private static readonly Dictionary<string, (string Help, Func<IServiceProvider, string[], Task<int>> Run)> Commands = new()
    {
        ["migrate"] = ("apply pending database migrations", MigrateAsync),
        ["seed-demo"] = ("create the demo operator and tenants if missing", SeedDemoAsync),
        ["create-operator"] = ("create a platform operator: create-operator EMAIL (password from TC_OPERATOR_PASSWORD)", CreateOperatorAsync),
        ["tenants"] = ("list tenants", ListTenantsAsync),
        ["partner-cities"] = ("list a tenant's partner cities (--tenant SLUG)", ListPartnerCitiesAsync),
        ["reminders-sweep"] = ("run the reminders sweep now (--tenant SLUG or --all); the mails go out through the job workers", JobCommands.SweepRemindersAsync),
        ["collectives-announce"] = ("send an announcement to a collective's members (--tenant SLUG --collective ID [--subject S]; a benchmark's trigger)", Features.Collectives.AnnouncementCommand.RunAsync),
        ["town-export"] = ("write a town's archive: town-export --tenant SLUG --out FILE.zip", TwinningCloud.Web.Features.Lifecycle.LifecycleCommands.ExportAsync),
        ["town-import"] = ("import a town archive as a new town: town-import FILE.zip --slug NEW [--name NAME]", TwinningCloud.Web.Features.Lifecycle.LifecycleCommands.ImportAsync),
        ["jobs-failed"] = ("list failed and dead jobs (--tenant SLUG for one tenant)", JobCommands.ListFailedJobsAsync),
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && (Commands.ContainsKey(args[0]) || args[0] is "help" or "--help");

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (!Commands.TryGetValue(args[0], out var command))
        {
            Console.WriteLine("Commands:");
            foreach (var (name, (help, _)) in Commands)
            {
                Console.WriteLine($"  {name,-16} {help}");
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

    private static async Task<int> ListPartnerCitiesAsync(IServiceProvider services, string[] args)
    {
        var tenant = await RequireTenantAsync(services, args);
        if (tenant is null)
        {
            return 2;
        }
        return await services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            foreach (var city in await db.Set<TwinningCloud.Web.Features.Register.PartnerCities.PartnerCity>().OrderBy(c => c.Name).ToListAsync())
            {
                Console.WriteLine($"{city.Id} {city.CountryCode} {city.Name}");
            }
            return 0;
        });
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

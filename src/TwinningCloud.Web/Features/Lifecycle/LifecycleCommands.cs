using TwinningCloud.Web.Platform.Cli;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>
/// The lifecycle's operator commands: <c>town-export --tenant SLUG --out FILE</c> writes the town's archive (the same
/// format as the pages' exports, without a job), <c>town-import FILE --slug NEW [--name NAME]</c> imports an archive
/// as a new town (another instance's, typically).
/// </summary>
public static class LifecycleCommands
{
    public static async Task<int> ExportAsync(IServiceProvider services, string[] args)
    {
        var tenant = await CommandLine.RequireTenantAsync(services, args);
        var output = Option(args, "--out");
        if (tenant is null || output is null)
        {
            await Console.Error.WriteLineAsync("Usage: town-export --tenant SLUG --out FILE.zip");
            return 2;
        }
        await using (var file = File.Create(output))
        {
            await services.GetRequiredService<TownArchiveWriter>().WriteAsync(tenant.Id, file, null, CancellationToken.None);
        }
        Console.WriteLine($"Town {tenant.Slug} exported to {output} ({new FileInfo(output).Length} bytes).");
        return 0;
    }

    public static async Task<int> ImportAsync(IServiceProvider services, string[] args)
    {
        var slug = Option(args, "--slug");
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal) || slug is null)
        {
            await Console.Error.WriteLineAsync("Usage: town-import FILE.zip --slug NEW-ADDRESS [--name \"Display name\"]");
            return 2;
        }
        try
        {
            await using var file = File.OpenRead(args[0]);
            var result = await services.GetRequiredService<TownImporter>().ImportAsync(file, slug, Option(args, "--name"), CancellationToken.None);
            Console.WriteLine($"Town {result.Slug} created ({result.TenantId}): {result.Rows.Values.Sum()} rows.");
            foreach (var line in result.LeftOut)
            {
                Console.WriteLine("left out: " + line);
            }
            return 0;
        }
        catch (ArchiveRejectedException e)
        {
            await Console.Error.WriteLineAsync("Not imported: " + e.Message);
            return 1;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Demo;

namespace TwinningCloud.Web.Platform.Persistence;

/// <summary>
/// What happens to the database when the app starts: the embedded default migrates and seeds the
/// demo tenants (<c>Database:MigrateAtStartup</c>, <c>Seed:Demo</c>); deployments migrate with the
/// explicit <c>migrate</c> command instead, before starting instances.
/// </summary>
internal sealed class DatabaseStartup(AppDbContext db, DemoSeeder seeder, IEnumerable<IReferenceData> referenceData, IConfiguration configuration, ILogger<DatabaseStartup> logger)
{
    public async Task RunAsync(CancellationToken ct = default)
    {
        if (configuration.GetValue("Database:MigrateAtStartup", false))
        {
            await MigrateAsync(ct);
        }
        else
        {
            await SyncReferenceDataAsync(ct);
        }
        if (configuration.GetValue("Seed:Demo", false))
        {
            await seeder.SeedAsync(ct);
        }
    }

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }
        await db.Database.MigrateAsync(ct);
        await Jobs.JobsSchema.InstallAsync(db, configuration, ct);
        await SyncReferenceDataAsync(ct);
    }

    private async Task SyncReferenceDataAsync(CancellationToken ct)
    {
        foreach (var data in referenceData)
        {
            await data.SyncAsync(ct);
        }
    }
}

internal static class DatabaseStartupExtensions
{
    /// <summary>Migrates and seeds as configured, before the app takes requests.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseStartup>().RunAsync();
    }
}

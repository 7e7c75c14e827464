using Microsoft.EntityFrameworkCore;
using Npgsql;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Caching;

/// <summary>
/// Tells every app instance on the database which tenants changed, through PostgreSQL's LISTEN/NOTIFY:
/// <see cref="AppDbContext"/> sends <c>pg_notify</c> inside the saving transaction (delivered at commit,
/// never for a rolled-back change); this service listens on a connection of its own and bumps
/// <see cref="TenantDataVersions"/> (and refreshes the tenant list). On SQLite (one instance) there is no
/// one to tell: the local bump after saving is enough.
/// </summary>
internal sealed class ChangeNotifications(
    IConfiguration configuration, TenantDataVersions versions, TenantCatalog catalog, ILogger<ChangeNotifications> logger) : BackgroundService
{
    public const string Channel = "tc_changes";
    public const string TenantsChanged = "tenants";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (DatabaseSetup.ProviderFrom(configuration) != DatabaseProvider.Postgres)
        {
            versions.CanCache = true;
            return;
        }
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Default"));
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Apply(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                versions.BumpAll(); // whatever happened while we were not listening
                catalog.Invalidate();
                versions.CanCache = true;
                delay = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                versions.CanCache = false;
                logger.LogWarning(e, "Change notifications interrupted; caching is off until they resume");
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    private void Apply(string payload)
    {
        foreach (var item in payload.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (item == TenantsChanged)
            {
                catalog.Invalidate();
                versions.BumpAll();
            }
            else if (Guid.TryParse(item, out var tenantId))
            {
                versions.Bump(tenantId);
            }
        }
    }

    /// <summary>The notification for the tenants changed by a save, sent inside its transaction (PostgreSQL only).</summary>
    internal static Task SendAsync(DbContext db, IReadOnlyCollection<string> items, CancellationToken ct)
    {
        var payload = string.Join(',', items);
        return db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", ct);
    }
}

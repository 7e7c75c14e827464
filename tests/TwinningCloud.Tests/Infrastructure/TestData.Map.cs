using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>Data for the map's and readable addresses' tests.</summary>
public sealed partial class TestData
{
    /// <summary>Gives the town its position (marked on its map) and answers its refreshed snapshot.</summary>
    public async Task<TenantInfo> SetTownPositionAsync(TenantInfo tenant, double latitude, double longitude)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
            row.Latitude = latitude;
            row.Longitude = longitude;
            row.UpdatedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        var catalog = services.GetRequiredService<TenantCatalog>();
        catalog.Invalidate();
        return (await catalog.FindBySlugAsync(tenant.Slug))!;
    }
}

using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.PartnerCities;

/// <summary>
/// Partner cities saved before readable addresses existed get their slug after the migration (at
/// startup or by the <c>migrate</c> command), once, inside their own town; new cities get theirs when
/// they are first saved (<see cref="Slugs"/>).
/// </summary>
public sealed class PartnerCitySlugs(AppDbContext db, IServiceScopeFactory scopes, TenantCatalog catalog) : IReferenceData
{
    public async Task SyncAsync(CancellationToken ct)
    {
        var tenantIds = await db.Set<PartnerCity>().IgnoreQueryFilters([AppDbContext.TenantFilter])
            .Where(c => c.Slug == null).Select(c => c.TenantId).Distinct().ToListAsync(ct);
        foreach (var id in tenantIds)
        {
            if (await catalog.FindByIdAsync(id, ct) is { } tenant)
            {
                await scopes.RunInTenantAsync(tenant, async sp =>
                {
                    var tenantDb = sp.GetRequiredService<AppDbContext>();
                    var cities = await tenantDb.Set<PartnerCity>().Where(c => c.Slug == null).OrderBy(c => c.CreatedAt).ToListAsync(ct);
                    await Slugs.AssignAsync<PartnerCity>(tenantDb, cities, "city", ct);
                    await tenantDb.SaveChangesAsync(ct);
                });
            }
        }
    }
}

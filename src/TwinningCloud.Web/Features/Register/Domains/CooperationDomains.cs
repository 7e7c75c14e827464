using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using TwinningCloud.Web.Features.Register.Agreements;

namespace TwinningCloud.Web.Features.Register.Domains;

/// <summary>
/// The standard bilingual vocabulary of cooperation domains (from the seed documents), copied into each
/// tenant, which can then add its own.
/// </summary>
public sealed class CooperationDomains(AppDbContext db, IServiceScopeFactory scopes, TenantCatalog catalog) : IReferenceData
{
    public sealed record Entry(string Key, string Fr, string En);

    public static IReadOnlyList<Entry> Standard { get; } = EmbeddedData.Read<List<Entry>>("cooperation-domains.json");

    /// <summary>Gives the current tenant the standard domains it does not have yet.</summary>
    public static async Task EnsureStandardAsync(AppDbContext tenantDb, CancellationToken ct)
    {
        var keys = await tenantDb.Set<CooperationDomain>().Select(d => d.Key).ToListAsync(ct);
        tenantDb.AddRange(Standard.Where(e => !keys.Contains(e.Key)).Select(e => new CooperationDomain { Key = e.Key, NameFr = e.Fr, NameEn = e.En }));
        await tenantDb.SaveChangesAsync(ct);
    }

    /// <summary>Tenants without any domain (created before the vocabulary existed, or just now) get the standard ones.</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        var tenantsWithDomains = db.Set<CooperationDomain>().IgnoreQueryFilters([AppDbContext.TenantFilter]).Select(d => d.TenantId);
        var bare = await db.Tenants.Where(t => !tenantsWithDomains.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        foreach (var id in bare)
        {
            if (await catalog.FindByIdAsync(id, ct) is { } tenant)
            {
                await scopes.RunInTenantAsync(tenant, sp => EnsureStandardAsync(sp.GetRequiredService<AppDbContext>(), ct));
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>What the public pages read: collectives (public rule: not archived), their cities and named coordinators.</summary>
public sealed class PublicCollectives(AppDbContext db)
{
    public sealed record Card(Collective Collective, PartnerCity? City, int Members);

    public async Task<IReadOnlyList<Card>> AllAsync(Guid? cityId, CancellationToken ct)
    {
        var collectives = await db.Set<Collective>().AsNoTracking()
            .Where(c => cityId == null || c.PartnerCityId == cityId)
            .OrderBy(c => c.Name).Take(200).ToListAsync(ct);
        var cityIds = collectives.Where(c => c.PartnerCityId != null).Select(c => c.PartnerCityId!.Value).ToList();
        var cities = await db.Set<PartnerCity>().AsNoTracking().Where(c => cityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var ids = collectives.Select(c => c.Id).ToList();
        var counts = await db.Set<CollectiveMember>().Where(m => ids.Contains(m.CollectiveId) && m.Status == MemberStatus.Member)
            .GroupBy(m => m.CollectiveId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return collectives.Select(c => new Card(c, c.PartnerCityId is { } id ? cities.GetValueOrDefault(id) : null, counts.GetValueOrDefault(c.Id))).ToList();
    }

    public async Task<Card?> OneAsync(Guid id, CancellationToken ct) =>
        (await db.Set<Collective>().AsNoTracking().Where(c => c.Id == id).ToListAsync(ct)) is [var collective]
            ? new Card(collective,
                collective.PartnerCityId is { } cityId ? await db.Set<PartnerCity>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == cityId, ct) : null,
                await db.Set<CollectiveMember>().CountAsync(m => m.CollectiveId == id && m.Status == MemberStatus.Member, ct))
            : null;

    /// <summary>The names of the coordinators who agreed to be named.</summary>
    public async Task<IReadOnlyList<string>> CoordinatorsAsync(Guid id, CancellationToken ct) =>
        [.. await Coordinators.CollectiveStaffCoordinator.PublicNamesAsync(db, id, ct), .. await db.Set<CollectiveMember>().Where(m => m.CollectiveId == id && m.IsCoordinator && m.ShownAsCoordinator && m.Status == MemberStatus.Member)
            .OrderBy(m => m.Name).Select(m => m.Name).Take(20).ToListAsync(ct)];
}

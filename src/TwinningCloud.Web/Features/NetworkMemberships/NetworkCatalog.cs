using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships;

/// <summary>The platform-wide catalogue of city networks, kept in step with <c>networks.json</c> (added or updated by key; never deleted).</summary>
public sealed class NetworkCatalog(AppDbContext db) : IReferenceData
{
    public sealed record Entry(string Key, string Acronym, string Name, NetworkScope Scope, string? Parent, string? Fr, string? En, string? Website, string? NameEn = null);

    public static IReadOnlyList<Entry> Standard { get; } = EmbeddedData.Read<List<Entry>>("networks.json");

    public async Task SyncAsync(CancellationToken ct)
    {
        var existing = await db.Set<Network>().ToDictionaryAsync(n => n.Key, ct);
        foreach (var entry in Standard.OrderBy(e => e.Parent is null ? 0 : 1))
        {
            if (!existing.TryGetValue(entry.Key, out var network))
            {
                network = new Network { Key = entry.Key, Acronym = entry.Acronym, Name = entry.Name };
                db.Add(network);
                existing[entry.Key] = network;
            }
            network.Acronym = entry.Acronym;
            network.Name = entry.Name;
            network.NameEn = entry.NameEn;
            network.Scope = entry.Scope;
            network.DescriptionFr = entry.Fr;
            network.DescriptionEn = entry.En;
            network.Website = entry.Website;
            network.ParentId = entry.Parent is null ? null : existing[entry.Parent].Id;
        }
        await db.SaveChangesAsync(ct);
    }
}

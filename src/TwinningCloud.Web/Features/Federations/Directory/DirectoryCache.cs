using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Caching;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>
/// The directories of the federations, kept in memory and live: a directory is valid while the federation's
/// version (bumped by any change of its members: <see cref="FederationMember"/> notifies its federation's id)
/// and every member's data version (<see cref="TenantDataVersions"/>, bumped on save and by the change
/// notification on every instance) are the ones it was built at. A member that publishes, leaves or opts
/// out is re-read alone (its register), and the directory rebuilt from memory. Nothing is kept while change
/// notifications may be missed.
/// </summary>
public sealed class DirectoryCache(TenantDataVersions versions)
{
    private sealed record Members(long Version, IReadOnlyList<DirectoryMember> List);

    private sealed class Entry
    {
        public Members? Members;
        public Dictionary<Guid, (long Version, MemberRegister Register)> Registers = [];
        public DirectoryIndex? Index;
        public readonly SemaphoreSlim Gate = new(1, 1);
    }

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public async Task<DirectoryIndex> GetAsync(Guid federationId, Func<Task<IReadOnlyList<DirectoryMember>>> members,
        Func<IReadOnlyCollection<Guid>, Task<Dictionary<Guid, MemberRegister>>> registers)
    {
        if (!versions.CanCache)
        {
            var list = await members();
            return new DirectoryIndex(list, await registers(list.Select(m => m.Tenant.Id).ToList()));
        }
        var entry = _entries.GetOrAdd(federationId, _ => new Entry());
        if (IsFresh(federationId, entry) is { } fresh)
        {
            return fresh;
        }
        await entry.Gate.WaitAsync();
        try
        {
            if (IsFresh(federationId, entry) is { } built)
            {
                return built;
            }
            var version = versions.Current(federationId); // read before reading: a change meanwhile leaves the entry stale, never wrongly fresh
            var current = entry.Members is { } known && known.Version == version ? known : new Members(version, await members());
            var memberVersions = current.List.ToDictionary(m => m.Tenant.Id, m => versions.Current(m.Tenant.Id));
            var stale = memberVersions.Where(m => !entry.Registers.TryGetValue(m.Key, out var r) || r.Version != m.Value).Select(m => m.Key).ToList();
            var read = stale.Count == 0 ? [] : await registers(stale);
            var next = new Dictionary<Guid, (long, MemberRegister)>();
            foreach (var (id, memberVersion) in memberVersions)
            {
                next[id] = read.TryGetValue(id, out var register) ? (memberVersion, register) : entry.Registers[id];
            }
            var index = new DirectoryIndex(current.List, next.ToDictionary(r => r.Key, r => r.Value.Item2));
            entry.Members = current;
            entry.Registers = next;
            entry.Index = index;
            return index;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>The entry's directory if nothing it was built from has changed since.</summary>
    private DirectoryIndex? IsFresh(Guid federationId, Entry entry)
    {
        var index = entry.Index;
        var members = entry.Members;
        var registers = entry.Registers;
        if (index is null || members is null || members.Version != versions.Current(federationId))
        {
            return null;
        }
        foreach (var member in members.List)
        {
            if (!registers.TryGetValue(member.Tenant.Id, out var r) || r.Version != versions.Current(member.Tenant.Id))
            {
                return null;
            }
        }
        return index;
    }
}

/// <summary>A federation's directory: its listed members (accepted, not opted out, module on, active and published) and their public partnerships.</summary>
public sealed class FederationDirectory(AppDbContext db, DirectoryCache cache, MemberData memberData, TenantCatalog catalog)
{
    public Task<Federation?> FindAsync(string slug, CancellationToken ct) =>
        db.Set<Federation>().AsNoTracking().FirstOrDefaultAsync(f => f.Slug == slug, ct);

    public Task<DirectoryIndex> IndexAsync(Federation federation, CancellationToken ct) =>
        cache.GetAsync(federation.Id, () => ListedMembersAsync(federation.Id, ct), ids => memberData.PublicRegistersAsync(ids, ct));

    public async Task<IReadOnlyList<DirectoryMember>> ListedMembersAsync(Guid federationId, CancellationToken ct)
    {
        var rows = await db.Set<FederationMember>().AsNoTracking()
            .Where(m => m.FederationId == federationId && m.Status == MemberStatus.Accepted && m.ListedInDirectory)
            .Select(m => new { m.TenantId, m.ShareRenewalDates }).ToListAsync(ct);
        var list = new List<DirectoryMember>(rows.Count);
        foreach (var row in rows)
        {
            if (await catalog.FindByIdAsync(row.TenantId, ct) is { IsActive: true, IsPublished: true } tenant && tenant.HasModule(ModuleKeys.FederationDirectory))
            {
                list.Add(new DirectoryMember(tenant, row.ShareRenewalDates));
            }
        }
        return list;
    }
}

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

    /// <summary>A directory and what it was built from, replaced whole (never changed but for <see cref="CheckedAt"/>).</summary>
    private sealed class Built(Members members, Dictionary<Guid, (long Version, MemberRegister Register)> registers, DirectoryIndex index)
    {
        public Members Members { get; } = members;
        public Dictionary<Guid, (long Version, MemberRegister Register)> Registers { get; } = registers;
        public DirectoryIndex Index { get; } = index;
        public long CheckedAt = -1; // the versions' stamp at which every version above was last seen unchanged
    }

    private sealed class Entry
    {
        public volatile Built? Built;
        public readonly SemaphoreSlim Gate = new(1, 1);
    }

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<string, (Federation Federation, long Version)> _federations = new(StringComparer.Ordinal);

    /// <summary>
    /// The federation of <paramref name="slug"/>, read once and kept while its version holds (a federation is
    /// renamed or removed: <see cref="Federation"/> notifies its id). Only found federations are kept (they are
    /// few); an unknown slug is asked again each time.
    /// </summary>
    public async Task<Federation?> FederationAsync(string slug, Func<Task<Federation?>> read)
    {
        if (versions.CanCache && _federations.TryGetValue(slug, out var kept) && kept.Version == versions.Current(kept.Federation.Id))
        {
            return kept.Federation;
        }
        var stamp = versions.Stamp;
        var found = await read();
        if (found is not null && versions.CanCache)
        {
            // The version read after the row: a change in between leaves a stale version kept, never a stale row fresh.
            var version = versions.Stamp == stamp ? versions.Current(found.Id) : -1;
            _federations[slug] = (found, version);
        }
        return found;
    }

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
            var previous = entry.Built;
            var known = previous?.Registers ?? [];
            var version = versions.Current(federationId); // read before reading: a change meanwhile leaves the entry stale, never wrongly fresh
            var current = previous?.Members is { } kept && kept.Version == version ? kept : new Members(version, await members());
            var memberVersions = current.List.ToDictionary(m => m.Tenant.Id, m => versions.Current(m.Tenant.Id));
            var stale = memberVersions.Where(m => !known.TryGetValue(m.Key, out var r) || r.Version != m.Value).Select(m => m.Key).ToList();
            var read = stale.Count == 0 ? [] : await registers(stale);
            var next = new Dictionary<Guid, (long, MemberRegister)>();
            foreach (var (id, memberVersion) in memberVersions)
            {
                next[id] = read.TryGetValue(id, out var register) ? (memberVersion, register) : known[id];
            }
            var index = new DirectoryIndex(current.List, next.ToDictionary(r => r.Key, r => r.Value.Item2));
            entry.Built = new Built(current, next, index);
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
        var stamp = versions.Stamp; // before reading anything: a bump from now on changes it
        if (entry.Built is not { } built)
        {
            return null;
        }
        if (Volatile.Read(ref built.CheckedAt) == stamp)
        {
            return built.Index; // nothing at all was bumped since every version below was last seen unchanged
        }
        if (built.Members.Version != versions.Current(federationId))
        {
            return null;
        }
        foreach (var member in built.Members.List)
        {
            if (!built.Registers.TryGetValue(member.Tenant.Id, out var r) || r.Version != versions.Current(member.Tenant.Id))
            {
                return null;
            }
        }
        Volatile.Write(ref built.CheckedAt, stamp);
        return built.Index;
    }
}

/// <summary>A federation's directory: its listed members (accepted, not opted out, module on, active and published) and their public partnerships.</summary>
public sealed class FederationDirectory(AppDbContext db, DirectoryCache cache, MemberData memberData, TenantCatalog catalog)
{
    public Task<Federation?> FindAsync(string slug, CancellationToken ct) =>
        db.Set<Federation>().AsNoTracking().FirstOrDefaultAsync(f => f.Slug == slug, ct);

    /// <summary>The federation of <paramref name="slug"/> for the public directory's pages, kept in memory while unchanged (not to be modified).</summary>
    public Task<Federation?> FindForDirectoryAsync(string slug, CancellationToken ct) =>
        cache.FederationAsync(slug, () => FindAsync(slug, ct));

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

using System.Collections.Concurrent;

namespace TwinningCloud.Web.Platform.Caching;

/// <summary>
/// A version number per tenant, bumped whenever that tenant's data (or the tenant itself) changes: on
/// this instance right after saving, and on every instance when the change notification arrives
/// (<see cref="ChangeNotifications"/>). Whatever is cached for a tenant is keyed by its version, so a
/// change makes it unreachable at once. While notifications from other instances cannot be received,
/// <see cref="CanCache"/> is false and nothing is served from cache.
/// </summary>
public sealed class TenantDataVersions
{
    private readonly ConcurrentDictionary<Guid, long> _versions = new();
    private long _epoch;

    /// <summary>True when every change, from any instance, reaches <see cref="Bump"/> (SQLite: one instance; PostgreSQL: the listener is connected).</summary>
    public bool CanCache { get; set; }

    private long _stamp;

    public long Current(Guid tenantId) => _versions.GetValueOrDefault(tenantId) + Interlocked.Read(ref _epoch);

    /// <summary>
    /// Grows at every bump of any key: whoever checked many versions at one stamp knows, while the stamp is the
    /// same, that none of them changed (read it before checking).
    /// </summary>
    public long Stamp => Interlocked.Read(ref _stamp);

    public void Bump(Guid tenantId)
    {
        _versions.AddOrUpdate(tenantId, 1, (_, v) => v + 1);
        Interlocked.Increment(ref _stamp);
    }

    /// <summary>Every tenant at once (the tenant list itself changed, or notifications were missed).</summary>
    public void BumpAll()
    {
        Interlocked.Add(ref _epoch, 1_000_000_000);
        Interlocked.Increment(ref _stamp);
    }
}

/// <summary>
/// A platform-owned row whose changes must reach whatever is cached under <see cref="ChangeKey"/> (a federation's
/// directory: its id), on every instance, like a tenant's data (<see cref="TenantDataVersions"/>, <see cref="ChangeNotifications"/>).
/// </summary>
public interface INotifiesChange
{
    Guid ChangeKey { get; }
}

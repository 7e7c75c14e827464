using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>
/// The cached list of tenants, looked up by slug, host name or id. Loaded whole (thousands of rows
/// are a few hundred KB) and invalidated at once on every instance when a tenant changes (the change
/// notification of <see cref="Caching.ChangeNotifications"/>): after an invalidation the next lookup waits
/// for the fresh list. Reloaded anyway after <see cref="MaxAge"/>, a safety net should a notification be
/// lost: that reload runs in the background while lookups keep the list they had, so no request waits for it
/// (at 10,000 towns a load takes a noticeable moment).
/// </summary>
public sealed class TenantCatalog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TenantCatalog> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;
    private int _refreshing;

    public async ValueTask<TenantInfo?> FindBySlugAsync(string slug, CancellationToken ct = default) =>
        (await GetAsync(ct)).BySlug.GetValueOrDefault(slug.ToLowerInvariant());

    public async ValueTask<TenantInfo?> FindByHostAsync(string host, CancellationToken ct = default) =>
        (await GetAsync(ct)).ByHost.GetValueOrDefault(host.ToLowerInvariant());

    public async ValueTask<TenantInfo?> FindByIdAsync(Guid id, CancellationToken ct = default) =>
        (await GetAsync(ct)).ById.GetValueOrDefault(id);

    public async ValueTask<IReadOnlyCollection<TenantInfo>> AllAsync(CancellationToken ct = default) =>
        (await GetAsync(ct)).ById.Values;

    /// <summary>Forget the cached list; the next lookup reloads it. Call after any change to a tenant.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _snapshot = null;
    }

    /// <summary>Bumped by <see cref="Invalidate"/>: a load that began before an invalidation does not keep its (possibly stale) result.</summary>
    private long _generation;

    private bool IsFresh(Snapshot? snapshot) => snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < MaxAge;

    private ValueTask<Snapshot> GetAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            return new ValueTask<Snapshot>(LoadAsync(ct));
        }
        if (!IsFresh(snapshot))
        {
            RefreshInBackground();
        }
        return new ValueTask<Snapshot>(snapshot);
    }

    /// <summary>Starts one background reload of a list that is only old (a second caller meanwhile starts none).</summary>
    private void RefreshInBackground()
    {
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await LoadAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Background reload of the tenant list failed; the previous list stays until the next attempt");
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await _loading.WaitAsync(ct);
        try
        {
            var snapshot = _snapshot;
            if (IsFresh(snapshot))
            {
                return snapshot!;
            }
            var loadedAt = clock.GetUtcNow();
            var generation = Interlocked.Read(ref _generation);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var tenants = await db.Tenants.AsNoTracking()
                .Include(t => t.Hosts).Include(t => t.Modules)
                .AsSplitQuery()
                .ToListAsync(ct);
            var infos = tenants.Select(TenantInfo.From).ToList();
            snapshot = new Snapshot(
                loadedAt,
                infos.ToFrozenDictionary(t => t.Slug),
                infos.SelectMany(t => t.Hosts.Select(h => (h, t))).ToFrozenDictionary(x => x.h, x => x.t),
                infos.ToFrozenDictionary(t => t.Id));
            if (Interlocked.Read(ref _generation) == generation)
            {
                _snapshot = snapshot;
            }
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Snapshot(
        DateTimeOffset LoadedAt,
        FrozenDictionary<string, TenantInfo> BySlug,
        FrozenDictionary<string, TenantInfo> ByHost,
        FrozenDictionary<Guid, TenantInfo> ById);
}

using System.Collections.Frozen;

namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>An immutable snapshot of a tenant, as cached by <see cref="TenantCatalog"/> and carried by a request, job or command.</summary>
public sealed record TenantInfo(
    Guid Id,
    string Slug,
    string DisplayName,
    string DefaultCulture,
    string TimeZoneId,
    TenantStatus Status,
    string BrandColor,
    bool HasLogo,
    long Version,
    IReadOnlyList<string> Hosts,
    FrozenSet<string> EnabledModules,
    bool InPreparation = false,
    double? Latitude = null,
    double? Longitude = null)
{
    public bool IsActive => Status == TenantStatus.Active;

    /// <summary>Published: the public pages are open and the town is listed (see <see cref="Tenant.InPreparation"/>).</summary>
    public bool IsPublished => !InPreparation;

    public bool HasModule(string moduleKey) => EnabledModules.Contains(moduleKey);

    public TimeZoneInfo TimeZone => TimeZones.FindOrUtc(TimeZoneId);

    public static TenantInfo From(Tenant t) => new(
        t.Id, t.Slug, t.DisplayName, t.DefaultCulture, t.TimeZoneId, t.Status, t.BrandColor,
        t.LogoContent is { Length: > 0 }, t.UpdatedAt.UtcTicks,
        t.Hosts.Select(h => h.HostName).Order().ToArray(),
        t.Modules.Select(m => m.ModuleKey).ToFrozenSet(StringComparer.Ordinal),
        t.InPreparation, t.Latitude, t.Longitude);
}

public static class TimeZones
{
    /// <summary>The IANA zone <paramref name="id"/> (checked when a tenant is saved), or UTC if this machine does not know it.</summary>
    public static TimeZoneInfo FindOrUtc(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}

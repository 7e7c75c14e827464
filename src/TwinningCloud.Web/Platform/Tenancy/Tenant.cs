namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>A municipality (or federation) using the platform. Owned by the platform, not by a tenant.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Lower-case path segment: <c>/marseille/...</c> in path mode.</summary>
    public required string Slug { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>"fr" or "en" (see <see cref="Localization.SupportedCultures"/>).</summary>
    public string DefaultCulture { get; set; } = "fr";

    /// <summary>IANA time zone id, e.g. "Europe/Paris".</summary>
    public string TimeZoneId { get; set; } = "Europe/Paris";

    public TenantStatus Status { get; set; } = TenantStatus.Active;

    /// <summary>
    /// True while the town prepares its site: its public pages answer "coming soon" and it is not listed on
    /// the platform's front page, until a tenant admin publishes it. The operator's new towns start so;
    /// rows without the column (towns that existed before it) are published.
    /// </summary>
    public bool InPreparation { get; set; }

    /// <summary>When a tenant admin last published the town (null: never, or published before this was recorded).</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Brand colour as #rrggbb; must keep 4.5:1 contrast with white text.</summary>
    public string BrandColor { get; set; } = "#1d4f91";

    /// <summary>Where the town is (WGS 84), marked on its public map; optional.</summary>
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    public byte[]? LogoContent { get; set; }
    public string? LogoContentType { get; set; }

    /// <summary>The secret part of the tenant's iCalendar feed address (review and renewal dates); changed to revoke it.</summary>
    public string CalendarFeedToken { get; set; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    public List<TenantHost> Hosts { get; set; } = [];
    public List<TenantModule> Modules { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public enum TenantStatus
{
    Active = 0,
    Suspended = 1,
}

/// <summary>A host name that serves one tenant in host mode (<c>marseille.example.org</c>).</summary>
public sealed class TenantHost
{
    public Guid TenantId { get; set; }
    public required string HostName { get; set; }
}

/// <summary>A module switched on for a tenant. Absent row = switched off; the module's data is kept.</summary>
public sealed class TenantModule
{
    public Guid TenantId { get; set; }
    public required string ModuleKey { get; set; }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// A machine integration of one town (its website, its intranet…): an OAuth 2.0 client of the client-credentials
/// flow. Its secret lives hashed in OpenIddict's application store (shown once); this row is the town's view of it:
/// name, scopes, expiry, rate, revocation and last use. A token carries the client's <see cref="Generation"/>:
/// rotating the secret or revoking the client moves it on, and older tokens are refused at once.
/// </summary>
public sealed class ApiClient : ITenantOwned, IStaffOnlyData
{
    public const int MaxNameLength = 100;
    public const int MaxPerTown = 50;
    public const int DefaultRequestsPerMinute = 600;
    public const int MaxRequestsPerMinute = 10_000;
    public const int MaxRedirectUris = 5;
    public const int MaxRedirectUrisLength = 2000;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";

    /// <summary>The OAuth <c>client_id</c> (unique on the platform).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Granted scopes, space-separated (<c>register.read register.write</c>).</summary>
    public string Scopes { get; set; } = "";

    public int RequestsPerMinute { get; set; } = DefaultRequestsPerMinute;
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTimeOffset? SecretRotatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public int Generation { get; set; } = 1;

    /// <summary>A machine integration (client credentials) or an application acting for a person (authorization code + PKCE).</summary>
    public ApiClientKind Kind { get; set; } = ApiClientKind.Machine;

    /// <summary>An application acting for a person: its redirect URIs, space-separated (exact match).</summary>
    public string RedirectUris { get; set; } = "";

    /// <summary>An application acting for a person that cannot keep a secret (a browser or mobile app): no secret, PKCE only.</summary>
    public bool IsPublicClient { get; set; }

    public IReadOnlyList<string> RedirectUriList => RedirectUris.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>How an API client gets its tokens.</summary>
public enum ApiClientKind
{
    /// <summary>Client credentials: the integration acts as itself.</summary>
    Machine = 0,

    /// <summary>Authorization code + PKCE: a staff member signs in and consents; the token acts for them, within their role.</summary>
    Person = 1,
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.ToTable("api_clients");
        b.HasKey(c => new { c.TenantId, c.Id });
        b.HasIndex(c => c.ClientId).IsUnique();
        b.HasOne<TwinningCloud.Web.Platform.Tenancy.Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Name).HasMaxLength(ApiClient.MaxNameLength);
        b.Property(c => c.ClientId).HasMaxLength(100);
        b.Property(c => c.Scopes).HasMaxLength(1000);
        b.Property(c => c.RedirectUris).HasMaxLength(ApiClient.MaxRedirectUrisLength);
        b.Property(c => c.IsPublicClient).HasColumnName("is_public");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Features.Federations;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// A machine integration of one federation (its own system reading the members' directory): an OAuth 2.0 client of the
/// client-credentials flow, registered by the federation's admins. Owned by the federation (platform side, every read
/// names the federation); its token is issued by the federation's own issuer and is worthless at any town and at any
/// other federation. Same life as a town's <see cref="ApiClient"/>: secret shown once, rotation, revocation, expiry, rate.
/// </summary>
public sealed class FederationApiClient
{
    public const int MaxPerFederation = 20;

    /// <summary>The only scope of a federation's API: its members' directory.</summary>
    public const string DirectoryRead = "federation.directory.read";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FederationId { get; set; }
    public string Name { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string Scopes { get; set; } = DirectoryRead;
    public int RequestsPerMinute { get; set; } = ApiClient.DefaultRequestsPerMinute;
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTimeOffset? SecretRotatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public int Generation { get; set; } = 1;

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

internal sealed class FederationApiClientConfiguration : IEntityTypeConfiguration<FederationApiClient>
{
    public void Configure(EntityTypeBuilder<FederationApiClient> b)
    {
        b.ToTable("federation_api_clients");
        b.HasKey(c => c.Id);
        b.HasIndex(c => c.FederationId);
        b.HasIndex(c => c.ClientId).IsUnique();
        b.HasOne<Federation>().WithMany().HasForeignKey(c => c.FederationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Name).HasMaxLength(ApiClient.MaxNameLength);
        b.Property(c => c.ClientId).HasMaxLength(100);
        b.Property(c => c.Scopes).HasMaxLength(200);
    }
}

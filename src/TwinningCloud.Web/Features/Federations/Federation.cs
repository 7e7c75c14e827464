using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Web.Features.Federations;

/// <summary>An organisation of towns (Cités Unies France, AFCCRE…). Owned by the platform.</summary>
public sealed class Federation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>A person's role in one federation.</summary>
public sealed class FederationMembership
{
    public Guid FederationId { get; set; }
    public Guid UserId { get; set; }
    public string Role { get; set; } = Roles.FederationAdmin;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public AppUser? User { get; set; }
}

internal sealed class FederationConfiguration : IEntityTypeConfiguration<Federation>
{
    public void Configure(EntityTypeBuilder<Federation> b)
    {
        b.ToTable("federations");
        b.HasKey(f => f.Id);
        b.HasIndex(f => f.Slug).IsUnique();
        b.Property(f => f.Slug).HasMaxLength(63);
        b.Property(f => f.Name).HasMaxLength(200);
    }
}

internal sealed class FederationMembershipConfiguration : IEntityTypeConfiguration<FederationMembership>
{
    public void Configure(EntityTypeBuilder<FederationMembership> b)
    {
        b.ToTable("federation_memberships");
        b.HasKey(m => new { m.FederationId, m.UserId });
        b.HasIndex(m => m.UserId);
        b.Property(m => m.Role).HasMaxLength(32);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Federation>().WithMany().HasForeignKey(m => m.FederationId).OnDelete(DeleteBehavior.Cascade);
    }
}

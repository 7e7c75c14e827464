using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships;

public enum NetworkScope
{
    National,
    European,
    Mediterranean,
    World,
}

/// <summary>A city network of the platform-wide catalogue (AFCCRE, AIMF, CGLU and its Mediterranean commission…). Owned by the platform.</summary>
public sealed class Network
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Stable key ("cglu-med"), used by imports.</summary>
    public required string Key { get; set; }
    public required string Acronym { get; set; }
    /// <summary>The French name ("Cités et Gouvernements Locaux Unis").</summary>
    public required string Name { get; set; }
    /// <summary>The English name ("United Cities and Local Governments"); the French one stands in when absent.</summary>
    public string? NameEn { get; set; }
    public NetworkScope Scope { get; set; }
    public string? DescriptionFr { get; set; }
    public string? DescriptionEn { get; set; }
    public string? Website { get; set; }
    /// <summary>The network this one is part of (CGLU for its Mediterranean commission).</summary>
    public Guid? ParentId { get; set; }

    /// <summary>The name in the reader's language: the English one for English readers when there is one, else the French one (marked so).</summary>
    public LocalizedText DisplayName() =>
        ContentLanguage.Reader == SupportedCultures.English && !string.IsNullOrWhiteSpace(NameEn)
            ? new LocalizedText(NameEn, SupportedCultures.English)
            : new LocalizedText(Name, SupportedCultures.French);
}

public enum MembershipRole
{
    Member,
    FoundingMember,
    Board,
}

/// <summary>A tenant's membership of a network: since when, role, fee, renewal date, contact, working groups.</summary>
public sealed class NetworkMembership : ITenantOwned, IAudited, IPubliclyVisible<NetworkMembership>
{
    /// <summary>What the public sees: memberships marked public (role and since when only; fee, contact and notes stay internal).</summary>
    public static System.Linq.Expressions.Expression<Func<NetworkMembership, bool>> PublicRule => m => m.IsPublic;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid NetworkId { get; set; }
    public int? SinceYear { get; set; }
    public MembershipRole Role { get; set; } = MembershipRole.Member;
    public decimal? AnnualFee { get; set; }
    public string Currency { get; set; } = "EUR";
    public DateOnly? RenewalOn { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? WorkingGroups { get; set; }
    public string? Notes { get; set; }
    public bool IsPublic { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public Network? Network { get; set; }
}

internal sealed class NetworkConfiguration : IEntityTypeConfiguration<Network>
{
    public void Configure(EntityTypeBuilder<Network> b)
    {
        b.ToTable("networks");
        b.HasKey(n => n.Id);
        b.HasIndex(n => n.Key).IsUnique();
        b.Property(n => n.Key).HasMaxLength(60);
        b.Property(n => n.Acronym).HasMaxLength(40);
        b.Property(n => n.Name).HasMaxLength(300);
        b.Property(n => n.NameEn).HasMaxLength(300);
        b.Property(n => n.Scope).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.DescriptionFr).HasMaxLength(4000);
        b.Property(n => n.DescriptionEn).HasMaxLength(4000);
        b.Property(n => n.Website).HasMaxLength(500);
        b.HasOne<Network>().WithMany().HasForeignKey(n => n.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NetworkMembershipConfiguration : IEntityTypeConfiguration<NetworkMembership>
{
    public void Configure(EntityTypeBuilder<NetworkMembership> b)
    {
        b.ToTable("network_memberships");
        b.HasKey(m => new { m.TenantId, m.Id });
        b.HasIndex(m => new { m.TenantId, m.NetworkId }).IsUnique();
        b.HasIndex(m => new { m.TenantId, m.RenewalOn });
        b.HasOne<TwinningCloud.Web.Platform.Tenancy.Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Network).WithMany().HasForeignKey(m => m.NetworkId).OnDelete(DeleteBehavior.Restrict);
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.AnnualFee).HasPrecision(12, 2);
        b.Property(m => m.Currency).HasMaxLength(3);
        b.Property(m => m.ContactName).HasMaxLength(200);
        b.Property(m => m.ContactEmail).HasMaxLength(320);
        b.Property(m => m.WorkingGroups).HasMaxLength(1000);
        b.Property(m => m.Notes).HasMaxLength(4000);
    }
}

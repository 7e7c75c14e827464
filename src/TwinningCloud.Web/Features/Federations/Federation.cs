using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations;

/// <summary>An organisation of towns (Cités Unies France, AFCCRE…). Owned by the platform.</summary>
public sealed class Federation : TwinningCloud.Web.Platform.Caching.INotifiesChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    Guid TwinningCloud.Web.Platform.Caching.INotifiesChange.ChangeKey => Id; // renamed or removed: its directory and cached lookups go stale
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>A person's role in one federation: <see cref="Roles.FederationAdmin"/> or <see cref="Roles.FederationEditor"/>.</summary>
public sealed class FederationMembership
{
    public Guid FederationId { get; set; }
    public Guid UserId { get; set; }
    public string Role { get; set; } = Roles.FederationAdmin;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public AppUser? User { get; set; }
}

public enum MemberStatus
{
    /// <summary>The federation asked; the town's admin has not answered.</summary>
    Invited = 0,
    /// <summary>A member (accepted, or onboarded by the federation itself).</summary>
    Accepted = 1,
    Declined = 2,
    /// <summary>Was a member and left.</summary>
    Left = 3,
}

/// <summary>
/// A town's membership of a federation. A town can belong to several. Owned by the platform (both sides write
/// it: the federation invites, the town answers, leaves or opts out), so every read names the federation or the
/// town explicitly. Only <see cref="MemberStatus.Accepted"/> members that are <see cref="ListedInDirectory"/>
/// (and have the module on) appear in the directory.
/// </summary>
public sealed class FederationMember : TwinningCloud.Web.Platform.Caching.INotifiesChange
{
    /// <summary>A change of membership reaches the federation's cached directory on every instance at once.</summary>
    Guid TwinningCloud.Web.Platform.Caching.INotifiesChange.ChangeKey => FederationId;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FederationId { get; set; }
    public Guid TenantId { get; set; }
    public MemberStatus Status { get; set; } = MemberStatus.Invited;
    /// <summary>The town's own choice: false takes it out of the federation's directory at once.</summary>
    public bool ListedInDirectory { get; set; } = true;
    /// <summary>The town shares its review and renewal dates (dates only) with the federation's staff.</summary>
    public bool ShareRenewalDates { get; set; }
    public DateTimeOffset InvitedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? AnsweredAt { get; set; }
}

public enum OnboardingStatus
{
    Invited = 0,
    InvitationAccepted = 1,
    FirstDataPublished = 2,
    Active = 3,
    Cancelled = 4,
}

/// <summary>
/// A town the federation brought onto the platform: the tenant it created, its first administrator, and how
/// far it has come (invited → invitation accepted → first data published → active). Statuses only move forward
/// (<see cref="Onboarding.OnboardingProgress"/>). A cancelled onboarding whose invitation was never accepted
/// removed its (empty) tenant: <see cref="TenantId"/> is then null.
/// </summary>
public sealed class FederationOnboarding
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FederationId { get; set; }
    public Guid? TenantId { get; set; }
    public required string TownName { get; set; }
    public required string Slug { get; set; }
    public required string AdminEmail { get; set; }
    /// <summary>ISO 3166-1 alpha-2 code of the town's country.</summary>
    public string CountryCode { get; set; } = "FR";
    public OnboardingStatus Status { get; set; } = OnboardingStatus.Invited;
    /// <summary>The bulk import that created it (null: the form).</summary>
    public Guid? ImportId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset InvitationSentAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? FirstPublishedAt { get; set; }
    public DateTimeOffset? ActiveAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
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

internal sealed class FederationMemberConfiguration : IEntityTypeConfiguration<FederationMember>
{
    public void Configure(EntityTypeBuilder<FederationMember> b)
    {
        b.ToTable("federation_members");
        b.HasKey(m => m.Id);
        b.HasIndex(m => new { m.FederationId, m.TenantId }).IsUnique();
        b.HasIndex(m => m.TenantId);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Federation>().WithMany().HasForeignKey(m => m.FederationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FederationOnboardingConfiguration : IEntityTypeConfiguration<FederationOnboarding>
{
    public void Configure(EntityTypeBuilder<FederationOnboarding> b)
    {
        b.ToTable("federation_onboardings");
        b.HasKey(o => o.Id);
        b.HasIndex(o => new { o.FederationId, o.CreatedAt });
        b.HasIndex(o => o.TenantId);
        b.Property(o => o.TownName).HasMaxLength(200);
        b.Property(o => o.Slug).HasMaxLength(63);
        b.Property(o => o.AdminEmail).HasMaxLength(256);
        b.Property(o => o.CountryCode).HasMaxLength(2);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(24);
        b.HasOne<Federation>().WithMany().HasForeignKey(o => o.FederationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tenant>().WithMany().HasForeignKey(o => o.TenantId).OnDelete(DeleteBehavior.SetNull);
    }
}

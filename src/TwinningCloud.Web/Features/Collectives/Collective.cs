using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>How people join a collective.</summary>
public enum SignUpMode
{
    /// <summary>A confirmed sign-up is a member at once (or waits for a place).</summary>
    Open,
    /// <summary>A confirmed sign-up is a request a coordinator approves or refuses.</summary>
    OnRequest,
    /// <summary>No sign-up.</summary>
    Closed,
}

/// <summary>The optional fields a collective may ask for (stored as a bit set).</summary>
[Flags]
public enum AskedFields
{
    None = 0,
    Phone = 1,
    Neighbourhood = 2,
    Languages = 4,
    HowToHelp = 8,
}

/// <summary>
/// A citizen collective (Bagnolet's "collectifs"): residents and associations who get involved in one twinning
/// or partner city, for a longer or shorter time. Public unless archived.
/// </summary>
public sealed class Collective : ITenantOwned, IPubliclyVisible<Collective>
{
    public const int MaxCapacity = 100_000;

    /// <summary>What the public sees: collectives that are not archived.</summary>
    public static Expression<Func<Collective, bool>> PublicRule => c => !c.IsArchived;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The name in the town's language; <see cref="NameOther"/> in the other one (optional).</summary>
    public required string Name { get; set; }
    public string? NameOther { get; set; }
    public string? Description { get; set; }
    public string? DescriptionOther { get; set; }

    /// <summary>The partner city the collective is attached to (or null).</summary>
    public Guid? PartnerCityId { get; set; }
    /// <summary>The agreement (twinning) it is attached to (or null).</summary>
    public Guid? AgreementId { get; set; }

    public SignUpMode SignUpMode { get; set; } = SignUpMode.Open;
    /// <summary>At most this many members; further confirmed sign-ups wait for a place. Null: no limit.</summary>
    public int? Capacity { get; set; }
    public AskedFields AskedFields { get; set; } = AskedFields.None;

    public bool IsArchived { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    /// <summary>Months the members of an archived collective are kept before they are purged.</summary>
    public int RetentionMonths { get; set; } = 12;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Bumped by every change of membership: the update takes the row's lock, so places are handed out one at a time.</summary>
    public long PlacesVersion { get; set; }

    /// <summary>The name for the reader: the other-language name for readers of the other language, else the town's.</summary>
    public LocalizedText DisplayName(string townLanguage) => Pick(Name, NameOther, townLanguage);

    public LocalizedText? DisplayDescription(string townLanguage) =>
        Description is null && DescriptionOther is null ? null : Pick(Description ?? DescriptionOther!, DescriptionOther, townLanguage);

    private static LocalizedText Pick(string main, string? other, string townLanguage)
    {
        var otherLanguage = townLanguage == SupportedCultures.English ? SupportedCultures.French : SupportedCultures.English;
        return ContentLanguage.Reader == otherLanguage && !string.IsNullOrWhiteSpace(other)
            ? new LocalizedText(other, otherLanguage)
            : new LocalizedText(main, townLanguage);
    }
}

/// <summary>Where a person stands in a collective.</summary>
public enum MemberStatus
{
    /// <summary>Signed up, the mailed link not followed yet (purged after 7 days).</summary>
    Unconfirmed,
    /// <summary>Confirmed, waiting for a coordinator's approval (collectives on request).</summary>
    Requested,
    /// <summary>Confirmed, waiting for a place (capacity reached).</summary>
    Waiting,
    Member,
    Left,
    Refused,
}

/// <summary>
/// A person (or an association, by its name) in one collective. Personal data: erased on request, purged by the
/// retention rules. Never audited (the audit trail would keep the name).
/// </summary>
public sealed class CollectiveMember : ITenantOwned, IStaffOnlyData
{
    public const int MaxLength = 200;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CollectiveId { get; set; }

    /// <summary>Lower-case, trimmed.</summary>
    public required string Email { get; set; }
    public required string Name { get; set; }
    /// <summary>Signed up on behalf of this association (null: as a person).</summary>
    public string? AssociationName { get; set; }
    public string? Phone { get; set; }
    public string? Neighbourhood { get; set; }
    public string? LanguagesSpoken { get; set; }
    public string? HowToHelp { get; set; }

    public MemberStatus Status { get; set; } = MemberStatus.Unconfirmed;
    /// <summary>"fr" or "en": the language of the mails.</summary>
    public string Language { get; set; } = SupportedCultures.French;
    public bool IsCoordinator { get; set; }
    /// <summary>A coordinator who agreed to be named on the public page.</summary>
    public bool ShownAsCoordinator { get; set; }
    /// <summary>No announcement mail (one-click unsubscribe).</summary>
    public bool Unsubscribed { get; set; }

    /// <summary>The exact consent text accepted, its version and when.</summary>
    public required string ConsentText { get; set; }
    public required string ConsentVersion { get; set; }
    public DateTimeOffset ConsentedAt { get; set; }

    /// <summary>A new address, waiting for confirmation by a link mailed to it.</summary>
    public string? PendingEmail { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ConfirmedAt { get; set; }
    /// <summary>When the current status began (the waiting list's order).</summary>
    public DateTimeOffset StatusSince { get; set; } = DateTimeOffset.UtcNow;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

public enum CitizenTokenPurpose
{
    /// <summary>Confirms one sign-up (double opt-in).</summary>
    Confirm,
    /// <summary>Signs in to "My collectives" (magic link).</summary>
    SignIn,
    /// <summary>The session that a followed sign-in link opens (kept in a cookie).</summary>
    Session,
    /// <summary>Confirms a new address.</summary>
    ChangeEmail,
    /// <summary>Invites a member to coordinate the collective (Coordinators/).</summary>
    Invitation,
}

/// <summary>A one-time link or a session of a citizen; only the SHA-256 of the secret is stored.</summary>
public sealed class CitizenToken : ITenantOwned, IStaffOnlyData
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public required string Hash { get; set; }
    public CitizenTokenPurpose Purpose { get; set; }
    public Guid? MemberId { get; set; }
    /// <summary>The person's address (sign-in, session), or the new address (change of address).</summary>
    public required string Email { get; set; }
    /// <summary>The former address (change of address).</summary>
    public string? OldEmail { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>That a person's data was erased in this town: when and how many rows, nothing personal.</summary>
public sealed class CitizenErasure : ITenantOwned, IStaffOnlyData
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTimeOffset ErasedAt { get; set; }
    public int Memberships { get; set; }
    public int OtherRows { get; set; }
}

/// <summary>A message to a collective's members, written in Markdown.</summary>
public sealed class Announcement : ITenantOwned, IStaffOnlyData
{
    public const int MaxBody = 20_000;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CollectiveId { get; set; }
    public required string Subject { get; set; }
    public required string BodyMarkdown { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? SentAt { get; set; }
}

public enum DeliveryState
{
    Planned,
    Sent,
    Failed,
    Unsubscribed,
}

/// <summary>One announcement to one member: what became of it (a retried batch skips what was sent).</summary>
public sealed class AnnouncementDelivery : ITenantOwned, IStaffOnlyData
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AnnouncementId { get; set; }
    public Guid MemberId { get; set; }
    public DeliveryState State { get; set; } = DeliveryState.Planned;
    public string? Error { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

internal sealed class CollectiveConfiguration : IEntityTypeConfiguration<Collective>
{
    public void Configure(EntityTypeBuilder<Collective> b)
    {
        b.ToTable("collectives");
        b.HasKey(c => new { c.TenantId, c.Id });
        b.HasIndex(c => new { c.TenantId, c.Name });
        b.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.NameOther).HasMaxLength(200);
        b.Property(c => c.Description).HasMaxLength(4000);
        b.Property(c => c.DescriptionOther).HasMaxLength(4000);
        b.Property(c => c.SignUpMode).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.AskedFields).HasConversion<int>();
        b.HasIndex(c => new { c.TenantId, c.PartnerCityId });
    }
}

internal sealed class CollectiveMemberConfiguration : IEntityTypeConfiguration<CollectiveMember>
{
    public void Configure(EntityTypeBuilder<CollectiveMember> b)
    {
        b.ToTable("collective_members");
        b.HasKey(m => new { m.TenantId, m.Id });
        b.HasIndex(m => new { m.TenantId, m.CollectiveId, m.Email }).IsUnique();
        b.HasIndex(m => new { m.TenantId, m.Email });
        b.HasIndex(m => new { m.TenantId, m.CollectiveId, m.Status, m.StatusSince });
        b.HasOne<Collective>().WithMany().HasForeignKey(m => new { m.TenantId, m.CollectiveId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(m => m.Email).HasMaxLength(320);
        b.Property(m => m.PendingEmail).HasMaxLength(320);
        b.Property(m => m.Name).HasMaxLength(CollectiveMember.MaxLength);
        b.Property(m => m.AssociationName).HasMaxLength(CollectiveMember.MaxLength);
        b.Property(m => m.Phone).HasMaxLength(40);
        b.Property(m => m.Neighbourhood).HasMaxLength(CollectiveMember.MaxLength);
        b.Property(m => m.LanguagesSpoken).HasMaxLength(CollectiveMember.MaxLength);
        b.Property(m => m.HowToHelp).HasMaxLength(1000);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Language).HasMaxLength(5);
        b.Property(m => m.ConsentText).HasMaxLength(2000);
        b.Property(m => m.ConsentVersion).HasMaxLength(20);
    }
}

internal sealed class CitizenTokenConfiguration : IEntityTypeConfiguration<CitizenToken>
{
    public void Configure(EntityTypeBuilder<CitizenToken> b)
    {
        b.ToTable("citizen_tokens");
        b.HasKey(t => new { t.TenantId, t.Id });
        b.HasIndex(t => new { t.TenantId, t.Hash }).IsUnique();
        b.HasIndex(t => new { t.TenantId, t.Email });
        b.HasIndex(t => t.ExpiresAt);
        b.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Email).HasMaxLength(320);
        b.Property(t => t.OldEmail).HasMaxLength(320);
    }
}

internal sealed class CitizenErasureConfiguration : IEntityTypeConfiguration<CitizenErasure>
{
    public void Configure(EntityTypeBuilder<CitizenErasure> b)
    {
        b.ToTable("citizen_erasures");
        b.HasKey(e => new { e.TenantId, e.Id });
        b.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> b)
    {
        b.ToTable("collective_announcements");
        b.HasKey(a => new { a.TenantId, a.Id });
        b.HasIndex(a => new { a.TenantId, a.CollectiveId, a.CreatedAt });
        b.HasOne<Collective>().WithMany().HasForeignKey(a => new { a.TenantId, a.CollectiveId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.Subject).HasMaxLength(200);
        b.Property(a => a.BodyMarkdown).HasMaxLength(Announcement.MaxBody);
    }
}

internal sealed class AnnouncementDeliveryConfiguration : IEntityTypeConfiguration<AnnouncementDelivery>
{
    public void Configure(EntityTypeBuilder<AnnouncementDelivery> b)
    {
        b.ToTable("collective_announcement_deliveries");
        b.HasKey(d => new { d.TenantId, d.Id });
        b.HasIndex(d => new { d.TenantId, d.AnnouncementId, d.MemberId }).IsUnique();
        b.HasIndex(d => new { d.TenantId, d.MemberId });
        b.HasOne<Announcement>().WithMany().HasForeignKey(d => new { d.TenantId, d.AnnouncementId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Error).HasMaxLength(1000);
    }
}

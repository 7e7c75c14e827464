using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Meetings;

/// <summary>
/// A meeting of a collective: a moment (stored in UTC, entered and shown in the town's time zone), a place or an
/// online link, an agenda (Markdown, sanitized like announcements). Shown on the public page while ahead and not
/// cancelled. <see cref="Sequence"/> is the iCalendar SEQUENCE: bumped by every change members are told about.
/// </summary>
public sealed class CollectiveMeeting : ITenantOwned
{
    public const int MaxAgenda = 10_000;
    public const int MaxTitle = 200;
    public const int MaxPlace = 300;
    public const int MaxLink = 500;
    /// <summary>Meetings a collective can have ahead at once (a limit on the child list).</summary>
    public const int MaxUpcoming = 50;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CollectiveId { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Place { get; set; }
    public string? OnlineLink { get; set; }
    public string? AgendaMarkdown { get; set; }
    public int Sequence { get; set; }
    public bool IsCancelled { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public enum RsvpAnswer
{
    Yes,
    No,
    Maybe,
}

/// <summary>A member's answer to a meeting's invitation (one per member and meeting; the last answer counts).</summary>
public sealed class MeetingRsvp : ITenantOwned, IStaffOnlyData
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeetingId { get; set; }
    public Guid MemberId { get; set; }
    public RsvpAnswer Answer { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
}

public enum MeetingMailKind
{
    Invitation,
    Update,
    Cancellation,
    Reminder,
}

/// <summary>
/// One meeting mail to one member (invitation, update, cancellation, reminder) and what became of it. Its answer
/// link's secret is made when the mail goes out; only the SHA-256 is kept here, so the link is bound to this member,
/// this meeting and this town.
/// </summary>
public sealed class MeetingMail : ITenantOwned, IStaffOnlyData
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeetingId { get; set; }
    public Guid MemberId { get; set; }
    public MeetingMailKind Kind { get; set; }
    /// <summary>The meeting's <see cref="CollectiveMeeting.Sequence"/> the mail is about (0 for the reminder: one per member).</summary>
    public int Sequence { get; set; }
    public DeliveryState State { get; set; } = DeliveryState.Planned;
    public string? Error { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Lower-case hex SHA-256 of the answer link's secret (null until the mail goes out).</summary>
    public string? RsvpHash { get; set; }
}

internal sealed class CollectiveMeetingConfiguration : IEntityTypeConfiguration<CollectiveMeeting>
{
    public void Configure(EntityTypeBuilder<CollectiveMeeting> b)
    {
        b.ToTable("collective_meetings");
        b.HasKey(m => new { m.TenantId, m.Id });
        b.HasIndex(m => new { m.TenantId, m.CollectiveId, m.StartsAt });
        b.HasOne<Collective>().WithMany().HasForeignKey(m => new { m.TenantId, m.CollectiveId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(m => m.Title).HasMaxLength(CollectiveMeeting.MaxTitle);
        b.Property(m => m.Place).HasMaxLength(CollectiveMeeting.MaxPlace);
        b.Property(m => m.OnlineLink).HasMaxLength(CollectiveMeeting.MaxLink);
        b.Property(m => m.AgendaMarkdown).HasMaxLength(CollectiveMeeting.MaxAgenda);
    }
}

internal sealed class MeetingRsvpConfiguration : IEntityTypeConfiguration<MeetingRsvp>
{
    public void Configure(EntityTypeBuilder<MeetingRsvp> b)
    {
        b.ToTable("collective_meeting_rsvps");
        b.HasKey(r => new { r.TenantId, r.Id });
        b.HasIndex(r => new { r.TenantId, r.MeetingId, r.MemberId }).IsUnique();
        b.HasIndex(r => new { r.TenantId, r.MemberId });
        b.HasOne<CollectiveMeeting>().WithMany().HasForeignKey(r => new { r.TenantId, r.MeetingId }).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CollectiveMember>().WithMany().HasForeignKey(r => new { r.TenantId, r.MemberId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Answer).HasConversion<string>().HasMaxLength(8);
    }
}

internal sealed class MeetingMailConfiguration : IEntityTypeConfiguration<MeetingMail>
{
    public void Configure(EntityTypeBuilder<MeetingMail> b)
    {
        b.ToTable("collective_meeting_mails");
        b.HasKey(d => new { d.TenantId, d.Id });
        b.HasIndex(d => new { d.TenantId, d.MeetingId, d.MemberId, d.Kind, d.Sequence }).IsUnique();
        b.HasIndex(d => new { d.TenantId, d.MemberId });
        b.HasIndex(d => new { d.TenantId, d.RsvpHash });
        b.HasOne<CollectiveMeeting>().WithMany().HasForeignKey(d => new { d.TenantId, d.MeetingId }).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CollectiveMember>().WithMany().HasForeignKey(d => new { d.TenantId, d.MemberId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Error).HasMaxLength(1000);
        b.Property(d => d.RsvpHash).HasMaxLength(64);
    }
}

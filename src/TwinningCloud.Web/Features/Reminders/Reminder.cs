using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Reminders;

/// <summary>What a reminder is about: an agreement's next review date or a network membership's renewal date.</summary>
public enum ReminderSubject
{
    AgreementReview,
    MembershipRenewal,
}

public enum ReminderMode
{
    /// <summary>One mail per (item, date, offset), as soon as the sweep finds it due.</summary>
    Immediate,
    /// <summary>Everything the day's sweep found, in one mail per group of recipients.</summary>
    DailyDigest,
}

/// <summary>A tenant's reminder settings: the local hour of its daily sweep (in the tenant's time zone).</summary>
public sealed class ReminderSettings : ITenantOwned, IStaffOnlyData
{
    public const int DefaultSweepHour = 8;

    public Guid TenantId { get; set; }
    public int SweepHour { get; set; } = DefaultSweepHour;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// One rule per subject and tenant: remind <see cref="OffsetDays"/> days before the date (e.g. 90, 30, 7),
/// to the staff of <see cref="RecipientRoles"/>, the chosen <see cref="RecipientUserIds"/> and, for
/// agreements, the person responsible; at once or in the daily digest.
/// </summary>
public sealed class ReminderRule : ITenantOwned, IStaffOnlyData
{
    public static readonly int[] DefaultOffsets = [90, 30, 7];

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public ReminderSubject Subject { get; set; }
    public bool Enabled { get; set; } = true;
    public List<int> OffsetDays { get; set; } = [.. DefaultOffsets];
    /// <summary>Role names (<c>tenant-admin</c>, <c>editor</c>) whose members of the tenant receive the reminders.</summary>
    public List<string> RecipientRoles { get; set; } = ["tenant-admin"];
    public List<Guid> RecipientUserIds { get; set; } = [];
    /// <summary>Agreements: the person responsible for the agreement receives it too.</summary>
    public bool IncludeResponsible { get; set; } = true;
    public ReminderMode Mode { get; set; } = ReminderMode.Immediate;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public enum ReminderDeliveryState
{
    /// <summary>Found due by a sweep; its mail job is queued (or the day's digest is).</summary>
    Planned,
    Sent,
    /// <summary>Not sent: the date changed, the item ended or was deleted, or nobody was left to receive it.</summary>
    Cancelled,
}

/// <summary>
/// One reminder of one item for one date and one offset: the unit the sweep plans exactly once (unique
/// index) and the reminder history shown on the item.
/// </summary>
public sealed class ReminderDelivery : ITenantOwned, IStaffOnlyData
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public ReminderSubject Subject { get; set; }
    public Guid ItemId { get; set; }
    /// <summary>The review or renewal date the reminder announces.</summary>
    public DateOnly DueOn { get; set; }
    public int OffsetDays { get; set; }
    /// <summary>The tenant-local day of the sweep that planned it.</summary>
    public DateOnly PlannedOn { get; set; }
    /// <summary>The item's name when planned (the history stays readable if it is renamed).</summary>
    public required string ItemTitle { get; set; }
    public ReminderMode Mode { get; set; }
    public List<string> Recipients { get; set; } = [];
    public ReminderDeliveryState State { get; set; } = ReminderDeliveryState.Planned;
    public string? CancelReason { get; set; }
    /// <summary>The idempotency key of the job that mails it (a search on the jobs page finds it).</summary>
    public string? JobKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>
/// One recipient's mail of one reminder (<see cref="ReminderDelivery"/>): each recipient gets a message of their
/// own (nobody sees the others' addresses), and each recipient's mail is the unit a mail job sends at most once
/// outside the crash window. Mail jobs carry batches of these (<see cref="ReminderSweep.BatchSize"/>), one SMTP
/// connection per batch; a retried batch skips the rows already sent. The reminder is sent when none of its
/// recipients' rows is still planned.
/// </summary>
public sealed class ReminderRecipientDelivery : ITenantOwned, IStaffOnlyData
{
    public const int MaxEmailLength = 256;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DeliveryId { get; set; }
    public required string Email { get; set; }
    public ReminderDeliveryState State { get; set; } = ReminderDeliveryState.Planned;
    /// <summary>Why it was not sent (the reminder's own reason, or the mail server refused the address).</summary>
    public string? CancelReason { get; set; }
    /// <summary>The idempotency key of the mail job (a batch) that sends it.</summary>
    public string? JobKey { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

internal sealed class ReminderSettingsConfiguration : IEntityTypeConfiguration<ReminderSettings>
{
    public void Configure(EntityTypeBuilder<ReminderSettings> b)
    {
        b.ToTable("reminder_settings");
        b.HasKey(s => s.TenantId);
        b.HasOne<Tenant>().WithOne().HasForeignKey<ReminderSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReminderRuleConfiguration : IEntityTypeConfiguration<ReminderRule>
{
    public void Configure(EntityTypeBuilder<ReminderRule> b)
    {
        b.ToTable("reminder_rules");
        b.HasKey(r => new { r.TenantId, r.Id });
        b.HasIndex(r => new { r.TenantId, r.Subject }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Subject).HasConversion<string>().HasMaxLength(24);
        b.Property(r => r.Mode).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class ReminderDeliveryConfiguration : IEntityTypeConfiguration<ReminderDelivery>
{
    public void Configure(EntityTypeBuilder<ReminderDelivery> b)
    {
        b.ToTable("reminder_deliveries");
        b.HasKey(d => new { d.TenantId, d.Id });
        b.HasIndex(d => new { d.TenantId, d.Subject, d.ItemId, d.DueOn, d.OffsetDays }).IsUnique();
        b.HasIndex(d => new { d.TenantId, d.State, d.PlannedOn });
        b.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Subject).HasConversion<string>().HasMaxLength(24);
        b.Property(d => d.Mode).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.ItemTitle).HasMaxLength(300);
        b.Property(d => d.CancelReason).HasMaxLength(300);
        b.Property(d => d.JobKey).HasMaxLength(300);
    }
}

internal sealed class ReminderRecipientDeliveryConfiguration : IEntityTypeConfiguration<ReminderRecipientDelivery>
{
    public void Configure(EntityTypeBuilder<ReminderRecipientDelivery> b)
    {
        b.ToTable("reminder_recipient_deliveries");
        b.HasKey(r => new { r.TenantId, r.Id });
        b.HasIndex(r => new { r.TenantId, r.DeliveryId, r.Email }).IsUnique();
        b.HasOne<ReminderDelivery>().WithMany().HasForeignKey(r => new { r.TenantId, r.DeliveryId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Email).HasMaxLength(ReminderRecipientDelivery.MaxEmailLength);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.CancelReason).HasMaxLength(300);
        b.Property(r => r.JobKey).HasMaxLength(300);
    }
}

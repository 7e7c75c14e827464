using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Portal.Calls;

/// <summary>
/// A federation's call for projects: a title, a text (sanitized Markdown), a deadline (typed in a time zone chosen on the
/// form, stored in UTC). Shown to the staff of its accepted member towns (their <c>/admin/federations/library</c>) and,
/// when public, on the portal. Its member towns' administrators are reminded by mail before it closes
/// (<see cref="CallReminders.DaysBefore"/>). Owned by the platform; the public rule is this entity's one rule.
/// </summary>
public sealed class FederationCall : IPubliclyVisible<FederationCall>
{
    public const int MaxTitle = 200;
    public const int MaxText = 10_000;

    public static Expression<Func<FederationCall, bool>> PublicRule => c => c.IsPublic;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FederationId { get; set; }
    public required string Title { get; set; }
    public string TextMarkdown { get; set; } = string.Empty;
    public DateTimeOffset DeadlineAt { get; set; }
    /// <summary>The IANA zone the deadline was typed in (and is shown in).</summary>
    public string TimeZone { get; set; } = "Europe/Paris";
    /// <summary>True: also on the federation's public portal.</summary>
    public bool IsPublic { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public bool IsOpen(DateTimeOffset now) => DeadlineAt > now;

    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}

public enum CallReminderState
{
    Sent = 0,
    Failed = 1,
}

/// <summary>
/// One reminder mail of a call to one administrator of a member town, recorded once it left (or was refused for good):
/// a job run again after a crash finds it and sends nothing twice. Owned by the town (it names its staff).
/// </summary>
public sealed class FederationCallReminder : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CallId { get; set; }
    public DateTimeOffset DeadlineAt { get; set; }
    public int DaysBefore { get; set; }
    public Guid UserId { get; set; }
    public required string Email { get; set; }
    public CallReminderState State { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
}

internal sealed class FederationCallConfiguration : IEntityTypeConfiguration<FederationCall>
{
    public void Configure(EntityTypeBuilder<FederationCall> b)
    {
        b.ToTable("federation_calls");
        b.HasKey(c => c.Id);
        b.HasIndex(c => new { c.FederationId, c.DeadlineAt });
        b.Property(c => c.Title).HasMaxLength(FederationCall.MaxTitle);
        b.Property(c => c.TextMarkdown).HasMaxLength(FederationCall.MaxText);
        b.Property(c => c.TimeZone).HasMaxLength(64);
        b.Ignore(c => c.Zone);
        b.HasOne<Federation>().WithMany().HasForeignKey(c => c.FederationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FederationCallReminderConfiguration : IEntityTypeConfiguration<FederationCallReminder>
{
    public void Configure(EntityTypeBuilder<FederationCallReminder> b)
    {
        b.ToTable("federation_call_reminders");
        b.HasKey(r => new { r.TenantId, r.Id });
        b.HasIndex(r => new { r.TenantId, r.CallId, r.DeadlineAt, r.DaysBefore, r.UserId }).IsUnique();
        b.Property(r => r.Email).HasMaxLength(256);
        b.Property(r => r.Error).HasMaxLength(1000);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        b.HasOne<TwinningCloud.Web.Platform.Tenancy.Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FederationCall>().WithMany().HasForeignKey(r => r.CallId).OnDelete(DeleteBehavior.Cascade);
    }
}

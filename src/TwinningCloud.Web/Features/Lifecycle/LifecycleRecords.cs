using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TwinningCloud.Web.Features.Lifecycle;

public enum ExportState
{
    Queued,
    Running,
    Ready,
    Failed,
}

/// <summary>
/// One export of a town (an archive, <see cref="TownArchive"/>), made by a background job and kept for
/// <see cref="TownExports.KeepFor"/> (then removed by the daily purge). Owned by the platform, like a job row: the operator's
/// pages read every town's, the town admin's page filters on its own town explicitly; the job reads the town with
/// its id, which works for a suspended town too (the usual case before a deletion). The archive is stored in the
/// database (<see cref="Content"/>) so that every instance can serve it.
/// </summary>
public sealed class TenantExport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>Who asked (a user id), and from where: the operator console or the town's own page.</summary>
    public Guid? RequestedBy { get; set; }
    public bool ByOperator { get; set; }
    public ExportState State { get; set; } = ExportState.Queued;
    /// <summary>0–100.</summary>
    public int Progress { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Downloadable until then (set when ready); removed by the purge after it.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    public string FileName { get; set; } = "";
    public long Length { get; set; }
    public byte[]? Content { get; set; }
}

public enum DeletionState
{
    Scheduled,
    Cancelled,
    Done,
}

/// <summary>
/// A town's deletion (GDPR Art. 28(3)(g)): scheduled by the operator with a grace period, cancellable until it runs.
/// Kept after the town is gone as the record that it was deleted (slug, name, who, when, what went): the town's id is
/// cleared from it then (<see cref="TenantId"/> null), so that no row anywhere keeps it.
/// </summary>
public sealed class TenantDeletion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? TenantId { get; set; }
    public required string Slug { get; set; }
    public required string DisplayName { get; set; }
    public DeletionState State { get; set; } = DeletionState.Scheduled;
    public DateTimeOffset ScheduledAt { get; set; }
    public string ScheduledBy { get; set; } = "";
    public DateTimeOffset RunAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public string? CancelledBy { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    /// <summary>What the deletion removed: "table: rows" lines.</summary>
    public string? Summary { get; set; }
}

internal sealed class TenantExportConfiguration : IEntityTypeConfiguration<TenantExport>
{
    public void Configure(EntityTypeBuilder<TenantExport> b)
    {
        b.ToTable("tenant_exports");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.TenantId, e.CreatedAt });
        b.HasIndex(e => e.ExpiresAt);
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Error).HasMaxLength(2000);
        b.Property(e => e.FileName).HasMaxLength(200);
        b.HasOne<Web.Platform.Tenancy.Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TenantDeletionConfiguration : IEntityTypeConfiguration<TenantDeletion>
{
    public void Configure(EntityTypeBuilder<TenantDeletion> b)
    {
        b.ToTable("tenant_deletions");
        b.HasKey(d => d.Id);
        b.HasIndex(d => d.TenantId);
        b.Property(d => d.Slug).HasMaxLength(63);
        b.Property(d => d.DisplayName).HasMaxLength(200);
        b.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.ScheduledBy).HasMaxLength(320);
        b.Property(d => d.CancelledBy).HasMaxLength(320);
        b.Property(d => d.Summary).HasMaxLength(8000);
    }
}

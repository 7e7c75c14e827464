using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.MicroProjects;

public enum MicroProjectStatus
{
    Open,
    InProgress,
    Done,
}

/// <summary>A collective's small project: members volunteer for it. Open ones show on the collective's public page.</summary>
public sealed class MicroProject : ITenantOwned
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 4000;
    public const int MaxWanted = 1000;
    /// <summary>Projects a collective can have (a limit on the child list).</summary>
    public const int MaxPerCollective = 200;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CollectiveId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public MicroProjectStatus Status { get; set; } = MicroProjectStatus.Open;
    /// <summary>How many volunteers are wanted (null: no number given).</summary>
    public int? VolunteersWanted { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>A member who volunteered for a micro-project (removed when they withdraw, leave-erase or are purged).</summary>
public sealed class MicroProjectVolunteer : ITenantOwned, IStaffOnlyData
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Guid MemberId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

internal sealed class MicroProjectConfiguration : IEntityTypeConfiguration<MicroProject>
{
    public void Configure(EntityTypeBuilder<MicroProject> b)
    {
        b.ToTable("collective_micro_projects");
        b.HasKey(p => new { p.TenantId, p.Id });
        b.HasIndex(p => new { p.TenantId, p.CollectiveId, p.Status });
        b.HasOne<Collective>().WithMany().HasForeignKey(p => new { p.TenantId, p.CollectiveId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(p => p.Title).HasMaxLength(MicroProject.MaxTitle);
        b.Property(p => p.Description).HasMaxLength(MicroProject.MaxDescription);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class MicroProjectVolunteerConfiguration : IEntityTypeConfiguration<MicroProjectVolunteer>
{
    public void Configure(EntityTypeBuilder<MicroProjectVolunteer> b)
    {
        b.ToTable("collective_micro_project_volunteers");
        b.HasKey(v => new { v.TenantId, v.Id });
        b.HasIndex(v => new { v.TenantId, v.ProjectId, v.MemberId }).IsUnique();
        b.HasIndex(v => new { v.TenantId, v.MemberId });
        b.HasOne<MicroProject>().WithMany().HasForeignKey(v => new { v.TenantId, v.ProjectId }).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CollectiveMember>().WithMany().HasForeignKey(v => new { v.TenantId, v.MemberId }).OnDelete(DeleteBehavior.Cascade);
    }
}

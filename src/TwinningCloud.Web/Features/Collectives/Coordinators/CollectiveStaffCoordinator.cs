using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>
/// A member of the town's staff named coordinator of one collective (members become coordinators by invitation:
/// <see cref="CollectiveMember.IsCoordinator"/>). Staff already see every collective of the town; this names them on
/// the public page when they agreed to it. Leaving the town's team removes the row (cascade).
/// </summary>
public sealed class CollectiveStaffCoordinator : ITenantOwned
{
    /// <summary>At most this many staff coordinators per collective.</summary>
    public const int MaxPerCollective = 20;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CollectiveId { get; set; }
    public Guid UserId { get; set; }
    /// <summary>The staff member agreed to be named on the collective's public page.</summary>
    public bool ShownPublicly { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The names of the collective's staff coordinators who agreed to be named publicly.</summary>
    public static async Task<List<string>> PublicNamesAsync(AppDbContext db, Guid collectiveId, CancellationToken ct) =>
        await (from c in db.Set<CollectiveStaffCoordinator>().AsNoTracking()
               join m in db.Set<TenantMembership>().AsNoTracking() on c.UserId equals m.UserId
               where c.CollectiveId == collectiveId && c.ShownPublicly && m.User!.DisplayName != ""
               orderby m.User!.DisplayName
               select m.User!.DisplayName).Take(MaxPerCollective).ToListAsync(ct);
}

internal sealed class CollectiveStaffCoordinatorConfiguration : IEntityTypeConfiguration<CollectiveStaffCoordinator>
{
    public void Configure(EntityTypeBuilder<CollectiveStaffCoordinator> b)
    {
        b.ToTable("collective_staff_coordinators");
        b.HasKey(c => new { c.TenantId, c.Id });
        b.HasIndex(c => new { c.TenantId, c.CollectiveId, c.UserId }).IsUnique();
        b.HasOne<Collective>().WithMany().HasForeignKey(c => new { c.TenantId, c.CollectiveId }).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TenantMembership>().WithMany().HasForeignKey(c => new { c.TenantId, c.UserId }).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations;

/// <summary>A town's membership of federations, from both sides: the federation invites a town already on the platform; the town accepts, declines, leaves, opts out.</summary>
public sealed class FederationMembers(AppDbContext db, TenantCatalog catalog, TimeProvider clock)
{
    /// <summary>The federation invites the town at <paramref name="slug"/>; false when there is no such town. A town that declined or left is invited again.</summary>
    public async Task<bool> InviteAsync(Federation federation, string? slug, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(slug) || await catalog.FindBySlugAsync(slug.Trim().ToLowerInvariant(), ct) is not { } tenant)
        {
            return false;
        }
        var member = await db.Set<FederationMember>().FirstOrDefaultAsync(m => m.FederationId == federation.Id && m.TenantId == tenant.Id, ct);
        if (member is null)
        {
            db.Add(new FederationMember { FederationId = federation.Id, TenantId = tenant.Id, InvitedAt = clock.GetUtcNow() });
        }
        else if (member.Status is MemberStatus.Declined or MemberStatus.Left)
        {
            member.Status = MemberStatus.Invited;
            member.InvitedAt = clock.GetUtcNow();
            member.AnsweredAt = null;
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The current town's memberships and invitations, with their federations.</summary>
    public async Task<IReadOnlyList<(FederationMember Member, Federation Federation)>> OfTownAsync(Guid tenantId, CancellationToken ct) =>
        (await db.Set<FederationMember>().Where(m => m.TenantId == tenantId)
            .Join(db.Set<Federation>(), m => m.FederationId, f => f.Id, (m, f) => new { m, f })
            .OrderBy(x => x.f.Name).ToListAsync(ct)).Select(x => (x.m, x.f)).ToList();

    /// <summary>The town answers or changes its membership; only its own rows (another town's id: false).</summary>
    public async Task<bool> UpdateAsync(Guid tenantId, Guid memberId, Action<FederationMember> change, CancellationToken ct)
    {
        var member = await db.Set<FederationMember>().FirstOrDefaultAsync(m => m.Id == memberId && m.TenantId == tenantId, ct);
        if (member is null)
        {
            return false;
        }
        change(member);
        member.AnsweredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }
}

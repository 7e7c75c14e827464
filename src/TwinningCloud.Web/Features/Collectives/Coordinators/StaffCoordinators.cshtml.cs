using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>
/// Staff name a collective's coordinators: members of the team (picked from the town's staff; named publicly only if
/// they agreed), and members of the collective by invitation (a mail; the member accepts). Revoking takes the role back.
/// </summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class StaffCoordinatorsModel(CollectiveAreas areas, AppDbContext db, CoordinatorInvitations invitations)
    : ManagedCollectivePage(CollectiveArea.Staff, areas)
{
    public sealed record StaffRow(Guid UserId, string Name, string Email, bool Shown);
    public sealed record MemberRow(Guid MemberId, string Name, string Email, bool Shown);

    public IReadOnlyList<StaffRow> Staff { get; private set; } = [];
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public IReadOnlyList<MemberRow> Invited { get; private set; } = [];
    public IReadOnlyList<StaffRow> Team { get; private set; } = [];
    [TempData] public string? Notice { get; set; }
    public string? Error { get; private set; }

    protected override string PageName => "coordinators";
    protected override string TitleKey => "coord.coordinators.title-of";

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddStaffAsync(Guid id, Guid userId, bool shown)
    {
        var ct = HttpContext.RequestAborted;
        if (!await OpenAsync(id))
        {
            return NotFound();
        }
        if (!await db.Set<TenantMembership>().AnyAsync(m => m.UserId == userId, ct))
        {
            Error = "coord.error.staff";
        }
        else if (await db.Set<CollectiveStaffCoordinator>().CountAsync(c => c.CollectiveId == id, ct) >= CollectiveStaffCoordinator.MaxPerCollective)
        {
            Error = "coord.error.too-many";
        }
        if (Error is not null)
        {
            await LoadAsync(id);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var row = await db.Set<CollectiveStaffCoordinator>().FirstOrDefaultAsync(c => c.CollectiveId == id && c.UserId == userId, ct);
        if (row is null)
        {
            db.Add(row = new CollectiveStaffCoordinator { CollectiveId = id, UserId = userId });
        }
        row.ShownPublicly = shown;
        await db.SaveChangesAsync(ct);
        Notice = "collectives.staff.saved";
        return Back();
    }

    public async Task<IActionResult> OnPostRemoveStaffAsync(Guid id, Guid userId)
    {
        if (!await OpenAsync(id) || await db.Set<CollectiveStaffCoordinator>().Where(c => c.CollectiveId == id && c.UserId == userId).ExecuteDeleteAsync(HttpContext.RequestAborted) == 0)
        {
            return NotFound();
        }
        Notice = "collectives.staff.saved";
        return Back();
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid id, Guid memberId)
    {
        if (!await OpenAsync(id) || !await invitations.InviteAsync(id, memberId, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        Notice = "coord.invite.sent";
        return Back();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, Guid memberId)
    {
        if (!await OpenAsync(id) || !await invitations.RevokeAsync(id, memberId, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        Notice = "collectives.staff.saved";
        return Back();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await OpenAsync(id))
        {
            return false;
        }
        Team = await db.Set<TenantMembership>().AsNoTracking().OrderBy(m => m.User!.DisplayName).Take(500)
            .Select(m => new StaffRow(m.UserId, m.User!.DisplayName, m.User.Email ?? "", false)).ToListAsync(ct);
        Staff = await (from c in db.Set<CollectiveStaffCoordinator>().AsNoTracking()
                       join m in db.Set<TenantMembership>().AsNoTracking() on c.UserId equals m.UserId
                       where c.CollectiveId == id
                       orderby m.User!.DisplayName
                       select new StaffRow(c.UserId, m.User!.DisplayName, m.User.Email ?? "", c.ShownPublicly)).Take(CollectiveStaffCoordinator.MaxPerCollective).ToListAsync(ct);
        Members = await db.Set<CollectiveMember>().AsNoTracking().Where(m => m.CollectiveId == id && m.IsCoordinator && m.Status == MemberStatus.Member)
            .OrderBy(m => m.Name).Take(200).Select(m => new MemberRow(m.Id, m.Name, m.Email, m.ShownAsCoordinator)).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        Invited = await (from t in db.Set<CitizenToken>().AsNoTracking()
                         join m in db.Set<CollectiveMember>().AsNoTracking() on t.MemberId equals m.Id
                         where m.CollectiveId == id && t.Purpose == CitizenTokenPurpose.Invitation && t.UsedAt == null && t.ExpiresAt > now && !m.IsCoordinator
                         orderby m.Name
                         select new MemberRow(m.Id, m.Name, m.Email, false)).Distinct().Take(200).ToListAsync(ct);
        return true;
    }
}

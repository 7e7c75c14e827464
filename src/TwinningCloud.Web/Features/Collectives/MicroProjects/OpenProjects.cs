using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.MicroProjects;

/// <summary>
/// A collective's open micro-projects (20 at most) on its public page and in "My collectives" (with the ones the member
/// volunteered for). A signed-in member (the citizen session of "My collectives") gets a button to volunteer or withdraw.
/// </summary>
public sealed class OpenProjectsViewComponent(AppDbContext db, CitizenSelfService self) : ViewComponent
{
    public const int Shown = 20;

    public sealed record Item(MicroProject Project, int Volunteers, bool Mine);

    public sealed record Model(Guid CollectiveId, IReadOnlyList<Item> Items, bool SignedInMember, bool InMine);

    public async Task<IViewComponentResult> InvokeAsync(Guid collectiveId, Guid? memberId = null)
    {
        var ct = HttpContext.RequestAborted;
        var inMine = memberId is not null;
        if (memberId is null && await self.EmailOfSessionAsync(Request.Cookies[CitizenSelfService.CookieName], ct) is { } email)
        {
            memberId = await db.Set<CollectiveMember>().Where(m => m.CollectiveId == collectiveId && m.Email == email && m.Status == MemberStatus.Member)
                .Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
        }
        var mine = memberId is { } id
            ? await db.Set<MicroProjectVolunteer>().Where(v => v.MemberId == id).Select(v => v.ProjectId).Take(MicroProject.MaxPerCollective).ToListAsync(ct)
            : [];
        var projects = await db.Set<MicroProject>().AsNoTracking()
            .Where(p => p.CollectiveId == collectiveId && (p.Status == MicroProjectStatus.Open || mine.Contains(p.Id)))
            .OrderBy(p => p.Status).ThenBy(p => p.Title).Take(Shown).ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var counts = await db.Set<MicroProjectVolunteer>().Where(v => ids.Contains(v.ProjectId)).GroupBy(v => v.ProjectId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return View("~/Features/Collectives/MicroProjects/_OpenProjects.cshtml",
            new Model(collectiveId, projects.Select(p => new Item(p, counts.GetValueOrDefault(p.Id), mine.Contains(p.Id))).ToList(), memberId is not null, inMine));
    }
}

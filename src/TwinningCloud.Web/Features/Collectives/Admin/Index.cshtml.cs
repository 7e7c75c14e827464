using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Admin;

/// <summary>The town's collectives, for staff: archived ones too, with their counts by status.</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class CollectivesAdminModel(AppDbContext db) : PageModel
{
    public sealed record Row(Collective Collective, int Members, int Waiting, int Requested);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var collectives = await db.Set<Collective>().AsNoTracking().OrderBy(c => c.IsArchived).ThenBy(c => c.Name).Take(500).ToListAsync(HttpContext.RequestAborted);
        var counts = await db.Set<CollectiveMember>()
            .GroupBy(m => new { m.CollectiveId, m.Status }).Select(g => new { g.Key.CollectiveId, g.Key.Status, Count = g.Count() })
            .ToListAsync(HttpContext.RequestAborted);
        int Count(Guid id, MemberStatus s) => counts.FirstOrDefault(c => c.CollectiveId == id && c.Status == s)?.Count ?? 0;
        Rows = collectives.Select(c => new Row(c, Count(c.Id, MemberStatus.Member), Count(c.Id, MemberStatus.Waiting), Count(c.Id, MemberStatus.Requested))).ToList();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations;

/// <summary>A federation's own page for its administrators (member towns and the directory come with the federation issue).</summary>
public sealed class FederationDashboardModel(AppDbContext db) : PageModel
{
    public Federation Federation { get; private set; } = null!;
    public IReadOnlyList<string> Admins { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        var found = await db.Set<Federation>().AsNoTracking().FirstOrDefaultAsync(f => f.Slug == federation, HttpContext.RequestAborted);
        if (found is null)
        {
            return NotFound();
        }
        Federation = found;
        Admins = await db.Set<FederationMembership>().Where(m => m.FederationId == found.Id)
            .Select(m => m.User!.DisplayName != null && m.User.DisplayName != "" ? m.User.DisplayName + " (" + m.User.Email + ")" : m.User.Email!)
            .OrderBy(e => e).ToListAsync(HttpContext.RequestAborted);
        return Page();
    }
}

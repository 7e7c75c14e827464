using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>
/// The coordinator area of a member coordinator (signed in by the "My collectives" magic link): their collectives
/// only, with links to members, announcements and questions, and whether their name shows publicly. Without a
/// session the page says how to sign in.
/// </summary>
[AllowAnonymous]
public sealed class CoordinateModel(CollectiveAreas areas, CoordinatorInvitations invitations) : PageModel
{
    public sealed record Row(Collective Collective, bool Shown, int Requested);

    public string? Email { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostShownAsync(Guid collectiveId, bool shown)
    {
        if (await areas.SessionEmailAsync(Request) is not { } email || !await invitations.SetShownAsync(email, collectiveId, shown, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        Notice = "collectives.mine.saved";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Email = await areas.SessionEmailAsync(Request);
        if (Email is null)
        {
            return;
        }
        var email = Email;
        Rows = (await areas.CoordinatedBy(email).OrderBy(c => c.Name).Take(200)
            .Select(c => new
            {
                Collective = c,
                Shown = areas.Members.Any(m => m.CollectiveId == c.Id && m.Email == email && m.ShownAsCoordinator),
                Requested = areas.Members.Count(m => m.CollectiveId == c.Id && m.Status == MemberStatus.Requested),
            })
            .ToListAsync(HttpContext.RequestAborted))
            .Select(x => new Row(x.Collective, x.Shown, x.Requested)).ToList();
    }
}

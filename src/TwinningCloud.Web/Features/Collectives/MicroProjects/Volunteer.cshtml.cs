using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Collectives.MicroProjects;

/// <summary>
/// Volunteer for a micro-project, or withdraw: a post from "My collectives" or the collective's page by a member
/// signed in there (the citizen session cookie). Without a session the page says how to sign in.
/// </summary>
[AllowAnonymous]
public sealed class VolunteerModel(CitizenSelfService self, Volunteering volunteering) : PageModel
{
    [TempData] public string? Notice { get; set; }
    public bool NoSession { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(Guid projectId, bool withdraw, string? back)
    {
        var ct = HttpContext.RequestAborted;
        if (await self.EmailOfSessionAsync(Request.Cookies[CitizenSelfService.CookieName], ct) is not { } email)
        {
            NoSession = true;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        var found = await volunteering.FindAsync(email, projectId, ct);
        if (found is null)
        {
            return NotFound();
        }
        var outcome = withdraw ? await volunteering.WithdrawAsync(email, projectId, ct) : await volunteering.VolunteerAsync(email, projectId, ct);
        var notice = outcome switch
        {
            Volunteering.Outcome.Done => withdraw ? "collectives.projects.withdrawn" : "collectives.projects.volunteered",
            Volunteering.Outcome.Full => "collectives.projects.full",
            _ => "collectives.projects.closed",
        };
        var collectiveId = found.Value.Project.CollectiveId;
        if (back == "mine")
        {
            Notice = notice; // "My collectives" shows it
            return Redirect($"{Request.PathBase}/collectives/mine");
        }
        return Redirect($"{Request.PathBase}/collectives/{collectiveId}#projects-{collectiveId:N}");
    }
}

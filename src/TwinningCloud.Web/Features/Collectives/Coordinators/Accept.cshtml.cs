using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>
/// The link of a coordinator invitation. Following it shows the choice (name shown publicly or not) and a button:
/// a mail scanner opening links accepts nothing; the post accepts, once, and signs the member in.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(CollectivesModule.SignUpRateLimit)]
public sealed class AcceptCoordinationModel(CoordinatorInvitations invitations) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    public CollectiveMember? Member { get; private set; }
    public bool Invalid { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Member = await invitations.PeekAsync(Token, HttpContext.RequestAborted);
        if (Member is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(bool shown)
    {
        if (await invitations.AcceptAsync(Token, shown, HttpContext.RequestAborted) is not { } session)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        CitizenSessionCookie.Append(Response, session);
        return Redirect($"{Request.PathBase}/collectives/coordinate");
    }
}

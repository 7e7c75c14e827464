using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Web.Features.Operator;

/// <summary>
/// The operator invites the administrator of something (a town, a federation): the one page model behind
/// <c>Tenants/Invite</c> and <c>Federations/Invite</c> (rendered by <c>_InviteAdminForm</c>). A subclass finds its
/// target by the route's id (<c>null</c>: 404) and sends the invitation.
/// </summary>
public abstract class InviteAdminPageModel : PageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Name { get; set; }

    /// <summary>The town's or federation's name, for the title.</summary>
    public string TargetName { get; private set; } = string.Empty;
    public string? Sent { get; private set; }
    public bool Invalid { get; private set; }
    public bool InvalidName { get; private set; }

    /// <summary>Finds the target of <see cref="Id"/> and returns its name, or <c>null</c> when there is none.</summary>
    protected abstract Task<string?> FindAsync(CancellationToken ct);

    /// <summary>Invites <paramref name="email"/> as the target's administrator (after <see cref="FindAsync"/> found it).</summary>
    protected abstract Task InviteAsync(string email, string name, Guid invitedBy, CancellationToken ct);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await FindAsync(HttpContext.RequestAborted) is not { } name)
        {
            return NotFound();
        }
        TargetName = name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await FindAsync(HttpContext.RequestAborted) is not { } targetName)
        {
            return NotFound();
        }
        TargetName = targetName;
        var email = Email?.Trim();
        if (!EmailAddresses.IsValid(email))
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        if (!StaffInvitations.IsValidName(Name))
        {
            InvalidName = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var me = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        await InviteAsync(email, Name!, me, HttpContext.RequestAborted);
        Sent = email;
        return Page();
    }
}

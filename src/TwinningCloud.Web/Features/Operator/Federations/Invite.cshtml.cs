using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Operator.Federations;

/// <summary>The operator invites a federation's administrator.</summary>
[EnableRateLimiting(IdentitySetup.AccountRateLimit)]
public sealed class InviteFederationAdminModel(AppDbContext db, StaffInvitations invitations) : PageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Name { get; set; }
    public string FederationName { get; private set; } = string.Empty;
    public string? Sent { get; private set; }
    public bool Invalid { get; private set; }
    public bool InvalidName { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var federation = await db.Set<Federation>().FirstOrDefaultAsync(f => f.Id == Id, HttpContext.RequestAborted);
        if (federation is null)
        {
            return NotFound();
        }
        FederationName = federation.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var federation = await db.Set<Federation>().FirstOrDefaultAsync(f => f.Id == Id, HttpContext.RequestAborted);
        if (federation is null)
        {
            return NotFound();
        }
        FederationName = federation.Name;
        var email = Email?.Trim();
        if (!TwinningCloud.Web.Platform.Email.EmailAddresses.IsValid(email))
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
        await invitations.InviteToFederationAsync(federation, email, Name!, me,
            CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, HttpContext.RequestAborted);
        Sent = email;
        return Page();
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Operator.Tenants;

/// <summary>The operator invites a town's (first) administrator.</summary>
[EnableRateLimiting(IdentitySetup.AccountRateLimit)]
public sealed class InviteTenantAdminModel(TenantCatalog catalog, StaffInvitations invitations) : PageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Name { get; set; }
    public string TenantName { get; private set; } = string.Empty;
    public string? Sent { get; private set; }
    public bool Invalid { get; private set; }
    public bool InvalidName { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var tenant = await catalog.FindByIdAsync(Id, HttpContext.RequestAborted);
        if (tenant is null)
        {
            return NotFound();
        }
        TenantName = tenant.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var tenant = await catalog.FindByIdAsync(Id, HttpContext.RequestAborted);
        if (tenant is null)
        {
            return NotFound();
        }
        TenantName = tenant.DisplayName;
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
        await invitations.InviteToTenantAsync(tenant, email, Name!, Roles.TenantAdmin, me, HttpContext.RequestAborted);
        Sent = email;
        return Page();
    }
}

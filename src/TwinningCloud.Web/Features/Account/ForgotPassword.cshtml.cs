using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Account;

/// <summary>Asks for a password-reset link. The answer never says whether the address has an account here.</summary>
[AllowAnonymous]
[EnableRateLimiting(IdentitySetup.AccountRateLimit)]
public sealed class ForgotPasswordModel(
    UserManager<AppUser> users, AccountSides sides, AccountEmails emails, TenantContext tenantContext, PublicOrigin origin, ILogger<ForgotPasswordModel> logger) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var user = await sides.FindMemberAsync(Email, ct);
        if (user is not null && user.EmailConfirmed)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = origin.Link(tenantContext.Current, $"/account/set-password?kind=reset&user={user.Id}&code={Uri.EscapeDataString(token)}");
            SecurityEvents.ResetRequested(logger, sides.SideName, user.Id);
            await emails.SendAsync(user.Email!, "reset", CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
                tenantContext.Current?.DisplayName ?? "TwinningCloud", link, ct);
        }
        Sent = true;
        return Page();
    }
}

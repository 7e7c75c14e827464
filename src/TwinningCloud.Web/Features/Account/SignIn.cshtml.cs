using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Web.Features.Account;

/// <summary>
/// Sign-in, on the side the address names: a town's staff at the town's address, operators and
/// federation staff on the platform. The answer is the same for an unknown address, a wrong password,
/// a person without a role here and a locked account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentitySetup.AccountRateLimit)]
public sealed class SignInModel(SignInManager<AppUser> signIn, AccountSides sides, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public string? Notice { get; set; }
    public bool Failed { get; private set; }

    public void OnGet()
    {
        if (Notice is not ("signin.notice.password-set" or "signin.notice.signed-out-everywhere"))
        {
            Notice = null;
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        Notice = null;
        var user = await sides.FindMemberAsync(Email, ct);
        if (user is not null && !string.IsNullOrEmpty(Password))
        {
            var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                SecurityEvents.SignInSucceeded(logger, sides.SideName, user.Id);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : Url.Content(await sides.LandingPageAsync(user, ct)));
            }
            if (result.IsLockedOut)
            {
                SecurityEvents.LockedOut(logger, sides.SideName, user.Id);
            }
        }
        SecurityEvents.SignInFailed(logger, sides.SideName, user?.Id);
        Failed = true;
        Password = null;
        return Page();
    }
}

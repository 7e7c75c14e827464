using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Web.Features.Platform;

/// <summary>The platform operator's sign-in (tenant staff sign in at their own town's address).</summary>
public sealed class SignInModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool Failed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrWhiteSpace(Email) ? null : await users.FindByEmailAsync(Email.Trim());
        if (user is not null && !string.IsNullOrEmpty(Password) && await users.IsInRoleAsync(user, PlatformRoles.Operator))
        {
            var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                logger.LogInformation("Operator {UserId} signed in", user.Id);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "~/platform/tenants");
            }
            if (result.IsLockedOut)
            {
                logger.LogWarning("Operator {UserId} locked out", user.Id);
            }
        }
        logger.LogWarning("Failed operator sign-in");
        Failed = true;
        Password = null;
        return Page();
    }
}

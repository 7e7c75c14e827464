using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Web.Features.Account;

/// <summary>
/// The page an emailed link opens: an invited person chooses a password, or a person resets theirs.
/// Following the link proves the address, so it is confirmed here; the person is then signed in.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentitySetup.AccountRateLimit)]
public sealed class SetPasswordModel(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountSides sides, Texts T, ILogger<SetPasswordModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "user")] public Guid UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public List<string> Errors { get; } = [];
    public bool LinkInvalid { get; private set; }

    public void OnGet()
    {
        if (UserId == Guid.Empty || string.IsNullOrEmpty(Code))
        {
            LinkInvalid = true;
            Errors.Add(T["setpassword.error.link"]);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var user = UserId == Guid.Empty ? null : await users.FindByIdAsync(UserId.ToString());
        if (user is null || string.IsNullOrEmpty(Code) || !await sides.IsMemberAsync(user, ct))
        {
            LinkInvalid = true;
            Errors.Add(T["setpassword.error.link"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        if (string.IsNullOrEmpty(Password) || Password != Confirm)
        {
            Errors.Add(T["setpassword.error.confirm"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, Code, Password);
        if (!result.Succeeded)
        {
            LinkInvalid = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
            Errors.AddRange(result.Errors.Select(e => IdentityErrorText.Of(e, T)).Distinct());
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        SecurityEvents.PasswordSet(logger, sides.SideName, user.Id);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(Url.Content(await sides.LandingPageAsync(user, ct)));
    }
}

/// <summary>Identity's errors in our two languages.</summary>
public static class IdentityErrorText
{
    public static string Of(IdentityError error, Texts T) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => T["identity.password-too-short"],
        nameof(IdentityErrorDescriber.InvalidToken) => T["setpassword.error.link"],
        nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) => T["identity.email-taken"],
        nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) => T["identity.email-invalid"],
        nameof(IdentityErrorDescriber.PasswordMismatch) => T["identity.password-mismatch"],
        _ => T["identity.password-invalid"],
    };
}

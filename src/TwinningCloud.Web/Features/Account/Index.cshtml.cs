using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Account;

/// <summary>A signed-in person's own account: password, email address (confirmed by a link to the new address), sign out everywhere.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class AccountModel(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountEmails emails, AccountSides sides,
    TenantContext tenantContext, PublicOrigin origin, Texts T, ILogger<AccountModel> logger) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? NewEmail { get; set; }
    public string? Email { get; private set; }
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        Email = user.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        Email = user.Email;
        var result = await users.ChangePasswordAsync(user, CurrentPassword ?? string.Empty, NewPassword ?? string.Empty);
        if (!result.Succeeded)
        {
            return Show(string.Join(" ", result.Errors.Select(e => IdentityErrorText.Of(e, T)).Distinct()), error: true);
        }
        SecurityEvents.PasswordSet(logger, sides.SideName, user.Id);
        await signIn.RefreshSignInAsync(user);
        return Show(T["account.password.done"]);
    }

    public async Task<IActionResult> OnPostEmailAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        Email = user.Email;
        // A sensitive change asks for the password again (a session left open must not hand over the account);
        // failures count towards the lockout like sign-in failures.
        var check = await signIn.CheckPasswordSignInAsync(user, CurrentPassword ?? string.Empty, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            SecurityEvents.SignInFailed(logger, sides.SideName, user.Id);
            return Show(T[check.IsLockedOut ? "account.email.locked-out" : "account.email.wrong-password"], error: true);
        }
        var newEmail = NewEmail?.Trim();
        if (!EmailAddresses.IsValid(newEmail))
        {
            return Show(T["identity.email-invalid"], error: true);
        }
        // Same answer whether or not the address is taken; the confirmation fails later if it is.
        if (await users.FindByEmailAsync(newEmail) is null)
        {
            var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
            var link = origin.Link(tenantContext.Current, $"/account/confirm-email?user={user.Id}&email={Uri.EscapeDataString(newEmail)}&code={Uri.EscapeDataString(token)}");
            await emails.SendAsync(newEmail, "change-email", CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
                tenantContext.Current?.DisplayName ?? "TwinningCloud", link, HttpContext.RequestAborted);
        }
        return Show(T["account.email.sent", newEmail]);
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is not null)
        {
            await users.UpdateSecurityStampAsync(user); // every cookie and token issued so far stops working
            SecurityEvents.SignedOutEverywhere(logger, sides.SideName, user.Id);
        }
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return LocalRedirect(Url.Content("~/sign-in?notice=signin.notice.signed-out-everywhere"));
    }

    private PageResult Show(string message, bool error = false)
    {
        Message = message;
        IsError = error;
        if (error)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }
}

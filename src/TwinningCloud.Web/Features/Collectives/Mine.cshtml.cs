using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TwinningCloud.Web.Features.Collectives.Coordinators;
using TwinningCloud.Web.Platform.Email;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// "My collectives" without a password: ask for a sign-in link, follow it (once; a button, so that a mail scanner
/// opening the link signs nobody in), then list, leave, change the optional fields or the address, download or erase.
/// The session is a cookie of this town's path holding a secret whose hash is stored.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(CollectivesModule.SignUpRateLimit)]
public sealed class MyCollectivesModel(CitizenSelfService self, CitizenTokens tokens) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    [TempData] public string? Notice { get; set; }
    public string? Email { get; private set; }
    public bool SignInLink { get; private set; }
    public bool Invalid { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<CitizenSelfService.MyMembership> Memberships { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Token is not null)
        {
            SignInLink = await tokens.PeekAsync(Token, CitizenTokenPurpose.SignIn, HttpContext.RequestAborted) is not null;
            if (!SignInLink)
            {
                Invalid = true;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            }
            return Page();
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRequestLinkAsync(string? email)
    {
        if (!EmailAddresses.IsValid(email?.Trim()))
        {
            Error = "collectives.error.email";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await self.RequestSignInAsync(email!, HttpContext.RequestAborted);
        Notice = "collectives.mine.link-sent";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignInAsync()
    {
        var session = await self.SignInAsync(Token, HttpContext.RequestAborted);
        if (session is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        CitizenSessionCookie.Append(Response, session);
        return RedirectToPage(new { t = (string?)null });
    }

    public async Task<IActionResult> OnPostLeaveAsync(Guid memberId) =>
        await WithSessionAsync(async email => Done(await self.LeaveAsync(email, memberId, HttpContext.RequestAborted), "collectives.mine.left"));

    public async Task<IActionResult> OnPostFieldsAsync(Guid memberId, string? phone, string? neighbourhood, string? languagesSpoken, string? howToHelp) =>
        await WithSessionAsync(async email =>
        {
            if (new[] { neighbourhood, languagesSpoken }.Any(v => v?.Length > CollectiveMember.MaxLength) || phone?.Length > 40 || howToHelp?.Length > 1000)
            {
                return Fail("collectives.error.too-long");
            }
            return Done(await self.UpdateFieldsAsync(email, memberId, phone, neighbourhood, languagesSpoken, howToHelp, HttpContext.RequestAborted), "collectives.mine.saved");
        });

    public async Task<IActionResult> OnPostEmailAsync(string? newEmail) =>
        await WithSessionAsync(async email =>
        {
            if (!EmailAddresses.IsValid(newEmail?.Trim()))
            {
                return Fail("collectives.error.email");
            }
            await self.RequestEmailChangeAsync(email, newEmail!, HttpContext.RequestAborted);
            return Done(true, "collectives.mine.email-sent");
        });

    public async Task<IActionResult> OnPostDownloadAsync() =>
        await WithSessionAsync(async email =>
            File(await self.ExportAsync(email, HttpContext.RequestAborted), "application/json", "my-collectives-data.json"));

    public async Task<IActionResult> OnPostEraseAsync(bool confirmErase) =>
        await WithSessionAsync(async email =>
        {
            if (!confirmErase)
            {
                return Fail("collectives.error.erase-confirm");
            }
            await self.EraseAsync(email, HttpContext.RequestAborted);
            CitizenSessionCookie.Delete(Response);
            Notice = "collectives.mine.erased";
            return RedirectToPage();
        });

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await self.SignOutAsync(Request.Cookies[CitizenSelfService.CookieName], HttpContext.RequestAborted);
        CitizenSessionCookie.Delete(Response);
        return RedirectToPage();
    }

    private IActionResult Done(bool ok, string notice)
    {
        if (!ok)
        {
            return NotFound();
        }
        Notice = notice;
        return RedirectToPage();
    }

    private PageResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Runs <paramref name="work"/> for the signed-in person; without a session, the page asks for a link.</summary>
    private async Task<IActionResult> WithSessionAsync(Func<string, Task<IActionResult>> work)
    {
        await LoadAsync();
        if (Email is null)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        return await work(Email);
    }

    private async Task LoadAsync()
    {
        Email = await self.EmailOfSessionAsync(Request.Cookies[CitizenSelfService.CookieName], HttpContext.RequestAborted);
        if (Email is not null)
        {
            Memberships = await self.MembershipsAsync(Email, HttpContext.RequestAborted);
        }
    }
}

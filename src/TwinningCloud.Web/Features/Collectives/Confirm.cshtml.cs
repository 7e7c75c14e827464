using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// The link of a confirmation mail (a sign-up, or a new address). Following it shows a button: a mail scanner
/// that opens links does not confirm anything; the button's post does, once.
/// </summary>
[AllowAnonymous]
public sealed class CollectiveConfirmModel(CitizenTokens tokens, CollectiveMemberships memberships) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    public CollectiveMemberships.ConfirmOutcome? Outcome { get; private set; }
    public bool Invalid { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var valid = await tokens.PeekAsync(Token, CitizenTokenPurpose.Confirm, HttpContext.RequestAborted)
            ?? await tokens.PeekAsync(Token, CitizenTokenPurpose.ChangeEmail, HttpContext.RequestAborted);
        if (valid is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Outcome = await memberships.ConfirmAsync(Token, HttpContext.RequestAborted);
        if (Outcome == CollectiveMemberships.ConfirmOutcome.Invalid)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }
}

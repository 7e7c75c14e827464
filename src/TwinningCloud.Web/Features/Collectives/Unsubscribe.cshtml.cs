using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// One-click unsubscribe (RFC 8058): the mail's <c>List-Unsubscribe</c> address takes a post without a form token
/// (the mail provider sends <c>List-Unsubscribe=One-Click</c>); a person following the visible link sees a button.
/// The link's secret is bound to this town and this member; no sign-in.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class CollectiveUnsubscribeModel(CitizenTokens tokens, AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    public bool Invalid { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await MemberAsync() is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await MemberAsync() is not { } member)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        member.Unsubscribed = true;
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        Done = true;
        return Page();
    }

    private async Task<CollectiveMember?> MemberAsync() =>
        tokens.MemberOfUnsubscribe(Token) is { } id
            ? await db.Set<CollectiveMember>().FirstOrDefaultAsync(m => m.Id == id, HttpContext.RequestAborted)
            : null;
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Calls;

/// <summary>The federation's calls for projects for its staff (<c>/federations/{slug}/calls</c>): open ones by deadline, the last 50 closed; its admins add and change them.</summary>
[EndpointScope(EndpointScope.Platform)]
[Authorize(Policy = Policies.FederationStaff)]
public sealed class CallsIndexModel(FederationDirectory directory, CallsEditor calls) : PageModel
{
    public const int ClosedShown = 50;

    public Federation Federation { get; private set; } = null!;
    public bool IsAdmin { get; private set; }
    public IReadOnlyList<FederationCall> Open { get; private set; } = [];
    public IReadOnlyList<FederationCall> Closed { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Federation = found;
        IsAdmin = User.Administers(found);
        Message = TempData["CallsMessage"] as string;
        (Open, Closed) = await calls.ListAsync(found.Id, ClosedShown, HttpContext.RequestAborted);
        return Page();
    }
}

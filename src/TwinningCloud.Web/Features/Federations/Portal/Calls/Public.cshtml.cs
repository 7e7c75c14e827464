using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Calls;

/// <summary>The portal's calls for projects (<c>/federations/{slug}/calls-for-projects</c>): the public ones, open first (by deadline), then the last 10 closed.</summary>
[EndpointScope(EndpointScope.Platform)]
[AllowAnonymous]
public sealed class PublicCallsModel(FederationDirectory directory, CallsEditor calls) : PageModel
{
    public const int ClosedShown = 10;

    public Federation Federation { get; private set; } = null!;
    public IReadOnlyList<FederationCall> Open { get; private set; } = [];
    public IReadOnlyList<FederationCall> Closed { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Federation = found;
        (Open, Closed) = await calls.ListAsync(found.Id, ClosedShown, HttpContext.RequestAborted);
        return Page();
    }
}

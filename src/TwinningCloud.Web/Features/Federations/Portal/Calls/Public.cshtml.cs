using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Calls;

/// <summary>The portal's calls for projects (<c>/federations/{slug}/calls-for-projects</c>): the public ones, open first (by deadline), then the last 10 closed.</summary>
[EndpointScope(EndpointScope.Platform)]
[AllowAnonymous]
public sealed class PublicCallsModel(FederationDirectory directory, CallsEditor calls) : PortalPageModel(directory)
{
    public const int ClosedShown = 10;

    public override string Current => "calls-for-projects";
    public IReadOnlyList<FederationCall> Open { get; private set; } = [];
    public IReadOnlyList<FederationCall> Closed { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (!await FindAsync(federation))
        {
            return NotFound();
        }
        (Open, Closed) = await calls.ListAsync(Federation.Id, ClosedShown, HttpContext.RequestAborted);
        return Page();
    }
}

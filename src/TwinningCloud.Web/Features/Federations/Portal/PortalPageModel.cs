using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;

namespace TwinningCloud.Web.Features.Federations.Portal;

/// <summary>A page of a federation's public portal: finds the federation of the address (unknown: 404) for the page and its navigation.</summary>
public abstract class PortalPageModel(FederationDirectory directory) : PageModel
{
    public Federation Federation { get; private set; } = null!;

    /// <summary>The navigation's current entry (a <see cref="PortalLink.Path"/>).</summary>
    public abstract string Current { get; }

    protected async Task<bool> FindAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return false;
        }
        Federation = found;
        return true;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

/// <summary>The federation's staff download any of its documents (another federation's id: 404).</summary>
[EndpointScope(EndpointScope.Platform)]
[Authorize(Policy = Policies.FederationStaff)]
public sealed class StaffDownloadModel(FederationDirectory directory, FederationLibrary library) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string federation, Guid id)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found
            || await library.FindAsync(found.Id, id, HttpContext.RequestAborted) is not { } document)
        {
            return NotFound();
        }
        return DocumentDownload.Send(HttpContext, document, isPublic: false);
    }
}

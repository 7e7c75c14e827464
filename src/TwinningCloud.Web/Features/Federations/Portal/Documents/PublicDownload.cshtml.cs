using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

/// <summary>Anyone downloads a public document of the portal; a members-only one answers 404 (the public rule, whoever asks).</summary>
[EndpointScope(EndpointScope.Platform)]
[AllowAnonymous]
public sealed class PublicDownloadModel(FederationDirectory directory, FederationLibrary library) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string federation, Guid id)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found
            || await library.FindAsync(found.Id, id, HttpContext.RequestAborted) is not { IsPublic: true } document)
        {
            return NotFound();
        }
        return DocumentDownload.Send(HttpContext, document, isPublic: true);
    }
}

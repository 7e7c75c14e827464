using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

/// <summary>A member town's staff download a document (public or members only) of a federation the town is an accepted member of; any other: 404.</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class MembersDownloadModel(FederationLibrary library, TenantContext tenantContext) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id) =>
        await library.FindForMemberAsync(tenantContext.Required.Id, id, HttpContext.RequestAborted) is { } document
            ? DocumentDownload.Send(HttpContext, document, isPublic: false)
            : NotFound();
}

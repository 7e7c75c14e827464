using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Lifecycle;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Lifecycle.Town;

/// <summary>Downloads one of the town's own archives (ready, less than 7 days old); another town's id answers 404.</summary>
[Authorize(Policy = Policies.TenantAdmin)]
public sealed class TownArchiveDownloadModel(TownExports exports, TenantContext tenant) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id) =>
        await exports.DownloadAsync(tenant.Required.Id, id, HttpContext.RequestAborted) is { } archive
            ? File(archive.Content, "application/zip", archive.FileName)
            : NotFound();
}

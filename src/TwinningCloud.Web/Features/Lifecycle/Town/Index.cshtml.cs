using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Lifecycle;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Lifecycle.Town;

/// <summary>
/// The town admin exports the town's own data (every record and document, <see cref="TwinningCloud.Web.Features.Lifecycle.TownArchive"/>):
/// a background job makes the archive; this page shows its progress and then the download, for 7 days.
/// </summary>
[Authorize(Policy = Policies.TenantAdmin)]
public sealed class TownArchiveModel(TownExports exports, TenantContext tenant, TimeProvider clock) : PageModel
{
    public ExportsView Exports { get; private set; } = null!;

    public async Task OnGetAsync() =>
        Exports = new ExportsView(await exports.ListAsync(tenant.Required.Id, HttpContext.RequestAborted), Url.Content("~/admin/town-archive/"),
            Url.Content("~/admin/town-archive?handler=Progress"), clock.GetUtcNow());

    public async Task<IActionResult> OnGetProgressAsync() =>
        new JsonResult(ExportsView.Progress(await exports.ListAsync(tenant.Required.Id, HttpContext.RequestAborted)));

    public async Task<IActionResult> OnPostAsync()
    {
        var userId = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        await exports.RequestAsync(tenant.Required.Id, userId, byOperator: false, HttpContext.RequestAborted);
        return Redirect("~/admin/town-archive");
    }
}

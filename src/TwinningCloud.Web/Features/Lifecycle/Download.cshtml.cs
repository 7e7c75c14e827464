using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>The operator downloads a town's archive (ready and less than 7 days old; else 404).</summary>
public sealed class OperatorDownloadModel(TownExports exports) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid exportId) =>
        await exports.DownloadAsync(id, exportId, HttpContext.RequestAborted) is { } archive
            ? File(archive.Content, "application/zip", archive.FileName)
            : NotFound();
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Import;

/// <summary>
/// One bulk onboarding: before it starts, the preview (every bad line: line, field, reason) and the button that starts
/// it; while it runs, its progress (the page can be left and come back to; a script follows it without reloading);
/// at the end, the per-line report (created, already there, refused and why).
/// </summary>
public sealed class ImportDetailsModel(FederationDirectory directory, BulkOnboarding bulk, AppDbContext db) : PageModel
{
    public const int MaxLinesShown = 5000;

    public Federation Federation { get; private set; } = null!;
    public FederationImport Import { get; private set; } = null!;
    public IReadOnlyList<ImportLine> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string federation, Guid id)
    {
        if (!await LoadAsync(federation, id))
        {
            return NotFound();
        }
        Lines = BulkOnboarding.LinesOf(Import).Take(MaxLinesShown).ToList();
        return Page();
    }

    /// <summary>The progress as JSON, for the page's script.</summary>
    public async Task<IActionResult> OnGetProgressAsync(string federation, Guid id)
    {
        if (!await LoadAsync(federation, id))
        {
            return NotFound();
        }
        return new JsonResult(new { status = Import.Status.ToString(), total = Import.Total, processed = Import.Processed, created = Import.Created, alreadyThere = Import.AlreadyThere, refused = Import.Refused });
    }

    public async Task<IActionResult> OnPostStartAsync(string federation, Guid id)
    {
        if (!await LoadAsync(federation, id, tracked: true))
        {
            return NotFound();
        }
        await bulk.StartAsync(Import, HttpContext.RequestAborted);
        return Redirect($"~/federations/{Federation.Slug}/import/{Import.Id}");
    }

    private async Task<bool> LoadAsync(string federation, Guid id, bool tracked = false)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return false;
        }
        Federation = found;
        var imports = db.Set<FederationImport>().Where(i => i.FederationId == found.Id && i.Id == id);
        var import = await (tracked ? imports : imports.AsNoTracking()).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (import is null)
        {
            return false;
        }
        Import = import;
        return true;
    }
}

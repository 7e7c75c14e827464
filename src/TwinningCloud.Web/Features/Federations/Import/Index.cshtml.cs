using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Import;

/// <summary>A federation admin uploads a CSV file of towns to onboard; the preview follows (<see cref="ImportDetailsModel"/>).</summary>
[RequestSizeLimit(BulkOnboarding.MaxBytes + 64 * 1024)]
public sealed class ImportUploadModel(FederationDirectory directory, BulkOnboarding bulk, AppDbContext db) : PageModel
{
    public const int RecentImports = 20;

    public Federation Federation { get; private set; } = null!;
    public IReadOnlyList<FederationImport> Recent { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        await LoadAsync(found);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string federation, IFormFile? file)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        if (file is null || file.Length == 0)
        {
            Error = "federations.import.error.no-file";
        }
        else if (file.Length > BulkOnboarding.MaxBytes)
        {
            Error = "federations.import.error.too-large";
        }
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(found);
            return Page();
        }
        using var reader = new StreamReader(file!.OpenReadStream(), Encoding.UTF8);
        var content = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        var import = await bulk.PreviewAsync(found, User.UserId(), file.FileName, content, HttpContext.RequestAborted);
        return Redirect($"~/federations/{found.Slug}/import/{import.Id}");
    }

    private async Task LoadAsync(Federation federation)
    {
        Federation = federation;
        Recent = await db.Set<FederationImport>().AsNoTracking().Where(i => i.FederationId == federation.Id)
            .OrderByDescending(i => i.CreatedAt).Take(RecentImports)
            .Select(i => new FederationImport { Id = i.Id, FileName = i.FileName, Content = "", Status = i.Status, Total = i.Total, Processed = i.Processed, CreatedAt = i.CreatedAt })
            .ToListAsync(HttpContext.RequestAborted);
    }
}

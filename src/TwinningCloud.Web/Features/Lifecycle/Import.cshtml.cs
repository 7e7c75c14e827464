using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>The operator imports a town archive (from this instance or another) as a new town, under a new address.</summary>
[RequestSizeLimit(MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes)]
public sealed class ImportTownModel(TownImporter importer) : PageModel
{
    /// <summary>The largest archive the page takes (the command line takes any).</summary>
    public const int MaxBytes = 512 * 1024 * 1024;

    [BindProperty] public string? Slug { get; set; }
    [BindProperty] public string? Name { get; set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? ErrorDetail { get; private set; }
    public ImportResult? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? archive)
    {
        if (archive is not { Length: > 0 })
        {
            Errors["archive"] = "lifecycle.import.error.file";
        }
        if (string.IsNullOrWhiteSpace(Slug))
        {
            Errors["Slug"] = "lifecycle.import.error.slug";
        }
        if (Errors.Count == 0)
        {
            try
            {
                await using var stream = archive!.OpenReadStream();
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, HttpContext.RequestAborted); // ZIP needs a seekable stream
                buffer.Position = 0;
                Result = await importer.ImportAsync(buffer, Slug!, Name, HttpContext.RequestAborted);
                return Page();
            }
            catch (ArchiveRejectedException e)
            {
                Errors[e.TextKey.StartsWith("lifecycle.import.error.slug", StringComparison.Ordinal) ? "Slug" : "archive"] = e.TextKey;
                ErrorDetail = e.Message;
            }
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}

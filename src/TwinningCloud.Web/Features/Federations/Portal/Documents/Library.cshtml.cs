using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

/// <summary>
/// The federation's library for its staff (<c>/federations/{slug}/library</c>): every document, public or members only,
/// by category; its admins upload (title, category, public or members only, a file of at most 20 MB: PDF, image, Word,
/// Excel, PowerPoint or OpenDocument, recognised by its content; 200 per federation), change the visibility and remove.
/// </summary>
[EndpointScope(EndpointScope.Platform)]
[Authorize(Policy = Policies.FederationStaff)]
[RequestSizeLimit(FederationDocument.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = FederationDocument.MaxBytes + 1024 * 1024)]
public sealed class LibraryModel(FederationDirectory directory, FederationLibrary library) : PageModel
{
    public Federation Federation { get; private set; } = null!;
    public bool IsAdmin { get; private set; }
    public IReadOnlyList<DocumentLine> Documents { get; private set; } = [];
    public int Total { get; private set; }
    [FromQuery(Name = "category")] public string? CategoryFilter { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty] public DocumentForm Form { get; set; } = new() { Visibility = "members", Category = nameof(DocumentCategory.Other) };
    public Dictionary<string, string> Errors { get; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        await LoadAsync(found);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(string federation, IFormFile? file)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        if (!User.Administers(found))
        {
            return Forbid();
        }
        var tooLarge = file is not null && file.Length > FederationDocument.MaxBytes;
        byte[]? content = null;
        if (file is not null && !tooLarge)
        {
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, HttpContext.RequestAborted);
            content = buffer.ToArray();
        }
        var (id, errors) = await library.AddAsync(found, Form, file?.FileName, content, tooLarge, User.UserId(), HttpContext.RequestAborted);
        if (id is null)
        {
            foreach (var (field, key) in errors)
            {
                Errors[field] = key;
            }
            await LoadAsync(found);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["LibraryMessage"] = "library.uploaded";
        return Redirect($"~/federations/{found.Slug}/library");
    }

    public Task<IActionResult> OnPostVisibilityAsync(string federation, Guid id, bool isPublic) =>
        AdminPostAsync(federation, f => library.SetPublicAsync(f.Id, id, isPublic, HttpContext.RequestAborted), "library.visibility-changed");

    public Task<IActionResult> OnPostDeleteAsync(string federation, Guid id) =>
        AdminPostAsync(federation, f => library.DeleteAsync(f.Id, id, HttpContext.RequestAborted), "library.deleted");

    private async Task<IActionResult> AdminPostAsync(string slug, Func<Federation, Task<bool>> action, string message)
    {
        if (await directory.FindAsync(slug, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        if (!User.Administers(found))
        {
            return Forbid();
        }
        if (!await action(found))
        {
            return NotFound();
        }
        TempData["LibraryMessage"] = message;
        return Redirect($"~/federations/{found.Slug}/library");
    }

    private async Task LoadAsync(Federation federation)
    {
        Federation = federation;
        IsAdmin = User.Administers(federation);
        Message = TempData["LibraryMessage"] as string;
        DocumentCategory? category = FederationLibrary.TryCategory(CategoryFilter, out var c) ? c : null;
        (Documents, Total) = await library.ListAsync(federation.Id, category, PageNumber, HttpContext.RequestAborted);
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

/// <summary>The portal's library (<c>/federations/{slug}/documents</c>): the public documents, by category. Members-only ones never show here.</summary>
[EndpointScope(EndpointScope.Platform)]
[AllowAnonymous]
public sealed class PublicLibraryModel(FederationDirectory directory, FederationLibrary library) : PortalPageModel(directory)
{
    public override string Current => "documents";
    public IReadOnlyList<DocumentLine> Documents { get; private set; } = [];
    public int Total { get; private set; }
    [FromQuery(Name = "category")] public string? CategoryFilter { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (!await FindAsync(federation))
        {
            return NotFound();
        }
        var found = Federation;
        DocumentCategory? category = FederationLibrary.TryCategory(CategoryFilter, out var c) ? c : null;
        (Documents, Total) = await library.ListAsync(found.Id, category, PageNumber, HttpContext.RequestAborted);
        return Page();
    }
}

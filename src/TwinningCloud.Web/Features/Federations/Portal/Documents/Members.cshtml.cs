using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Portal.Calls;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

/// <summary>
/// A member town's staff (admins and editors) read what their federations share with members
/// (<c>/{town}/admin/federations/library</c>): the open calls for projects of every federation the town is an accepted
/// member of, and one federation's library at a time — public and members-only documents. A federation the town is not
/// an accepted member of shows nothing.
/// </summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class MembersLibraryModel(FederationLibrary library, CallsEditor calls, TenantContext tenantContext) : PageModel
{
    public IReadOnlyList<Federation> Federations { get; private set; } = [];
    public Federation? Selected { get; private set; }
    public IReadOnlyList<FederationCall> OpenCalls { get; private set; } = [];
    public IReadOnlyList<DocumentLine> Documents { get; private set; } = [];
    public int Total { get; private set; }
    [FromQuery(Name = "federation")] public string? FederationFilter { get; set; }
    [FromQuery(Name = "category")] public string? CategoryFilter { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public string NameOf(Guid federationId) => Federations.FirstOrDefault(f => f.Id == federationId)?.Name ?? string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Federations = await library.FederationsOfMemberAsync(tenantContext.Required.Id, ct);
        if (!string.IsNullOrEmpty(FederationFilter) && Federations.All(f => f.Slug != FederationFilter))
        {
            return NotFound(); // not a federation of this town
        }
        OpenCalls = await calls.OpenOfAsync(Federations.Select(f => f.Id).ToList(), ct);
        Selected = Federations.FirstOrDefault(f => f.Slug == FederationFilter) ?? (Federations.Count > 0 ? Federations[0] : null);
        if (Selected is not null)
        {
            DocumentCategory? category = FederationLibrary.TryCategory(CategoryFilter, out var c) ? c : null;
            (Documents, Total) = await library.ListAsync(Selected.Id, category, PageNumber, ct);
        }
        return Page();
    }
}

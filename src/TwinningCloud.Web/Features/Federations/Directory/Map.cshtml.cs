using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>The directory's map: the partner cities of a search (every partnership, <see cref="DirectoryIndex.MaxPins"/> cities at most), on the offline world map.</summary>
public sealed class FederationDirectoryMapModel(FederationDirectory directory, PublicOrigin origin) : PageModel
{
    public Federation Federation { get; private set; } = null!;
    public DirectoryIndex Index { get; private set; } = null!;
    public DirectoryQuery Query { get; private set; } = null!;
    public DirectoryResult Result { get; private set; } = null!;

    public string SiteOf(Guid tenantId) => Index.Members.TryGetValue(tenantId, out var m) ? origin.Of(m.Tenant) : origin.Value;

    public TenantInfo? TownOf(Guid tenantId) => Index.Members.TryGetValue(tenantId, out var m) ? m.Tenant : null;

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Federation = found;
        Index = await directory.IndexAsync(found, HttpContext.RequestAborted);
        Query = DirectoryRequest.Read(Request.Query) with { Page = 1 };
        Result = Index.Search(Query, pageSize: 1);
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>
/// A federation's public directory: every public agreement and partner city of its listed members, searchable by
/// partner country, partner city, cooperation domain, kind and year, with counts by country and domain, a map and
/// exports. Read from the live in-memory directory (<see cref="DirectoryCache"/>).
/// </summary>
public sealed class FederationDirectoryModel(FederationDirectory directory, PublicOrigin origin) : PageModel
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
        Query = DirectoryRequest.Read(Request.Query);
        Result = Index.Search(Query, pins: false);
        return Page();
    }
}

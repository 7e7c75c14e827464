using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>
/// A page of a federation's public directory (the list, the map): finds the federation, reads its live in-memory
/// directory (<see cref="DirectoryCache"/>) and runs the visitor's search; each page says how it searches.
/// </summary>
public abstract class DirectoryPageModel(FederationDirectory directory, PublicOrigin origin) : PageModel
{
    public Federation Federation { get; private set; } = null!;
    public PublicOrigin Origin { get; } = origin;
    public DirectoryIndex Index { get; private set; } = null!;
    public DirectoryQuery Query { get; private set; } = null!;
    public DirectoryResult Result { get; private set; } = null!;

    private readonly Dictionary<Guid, string> _sites = [];

    /// <summary>A member town's site (each worked out once per page).</summary>
    public string SiteOf(Guid tenantId)
    {
        if (!_sites.TryGetValue(tenantId, out var site))
        {
            _sites[tenantId] = site = Index.Members.TryGetValue(tenantId, out var m) ? Origin.Of(m.Tenant) : Origin.Value;
        }
        return site;
    }

    public TenantInfo? TownOf(Guid tenantId) => Index.Members.TryGetValue(tenantId, out var m) ? m.Tenant : null;

    /// <summary>The page's search of the directory for the visitor's query.</summary>
    protected abstract (DirectoryQuery Query, DirectoryResult Result) Search(DirectoryIndex index, DirectoryQuery query);

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (await directory.FindForDirectoryAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Federation = found;
        Index = await directory.IndexAsync(found, HttpContext.RequestAborted);
        (Query, Result) = Search(Index, DirectoryRequest.Read(Request.Query));
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Operator;

/// <summary>The platform's own front page (the shared host's "/"): the towns whose sites are open (active and published).</summary>
public sealed class PlatformHomeModel(TenantCatalog catalog) : PageModel
{
    public IReadOnlyList<TenantInfo> Tenants { get; private set; } = [];

    public async Task OnGetAsync() =>
        Tenants = (await catalog.AllAsync(HttpContext.RequestAborted))
            .Where(t => t.IsActive && t.IsPublished).OrderBy(t => t.DisplayName, StringComparer.CurrentCulture).ToList();
}

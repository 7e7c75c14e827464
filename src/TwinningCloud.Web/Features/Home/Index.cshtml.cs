using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Home;

/// <summary>A tenant's public home page: what the town shares with the world, by module.</summary>
[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class HomeModel(TenantContext tenantContext, ModuleCatalog modules) : PageModel
{
    public IReadOnlyList<MenuEntry> Sections { get; private set; } = [];

    public void OnGet() => Sections = modules.PublicMenuFor(tenantContext.Required).ToList();
}

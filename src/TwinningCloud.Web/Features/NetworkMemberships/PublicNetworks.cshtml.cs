using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships;

/// <summary>The public list of the town's network memberships (public ones only), with the catalogue's description.</summary>
[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class PublicNetworksModel(AppDbContext db) : PageModel
{
    public IReadOnlyList<NetworkMembership> Memberships { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var memberships = await db.Set<NetworkMembership>().AsNoTracking()
            .PubliclyVisible()
            .Include(m => m.Network)
            .ToListAsync(HttpContext.RequestAborted);
        Memberships = memberships.OrderBy(m => m.Network!.Acronym, StringComparer.CurrentCulture).ToList();
    }
}

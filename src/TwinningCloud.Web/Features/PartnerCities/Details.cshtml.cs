using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.PartnerCities;

[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class PartnerCityDetailsModel(AppDbContext db) : PageModel
{
    public PartnerCity City { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var city = await db.Set<PartnerCity>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.IsPublic, HttpContext.RequestAborted);
        if (city is null)
        {
            return NotFound();
        }
        City = city;
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.PartnerCities;

/// <summary>The public list of a town's partner cities, filterable by country.</summary>
[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class PartnerCityListModel(AppDbContext db, TwinningCloud.Web.Platform.Tenancy.TenantContext tenant) : PageModel
{
    [FromQuery(Name = "country")] public string? Country { get; set; }
    public IReadOnlyList<PartnerCity> Cities { get; private set; } = [];
    public IReadOnlyList<string> CountryCodes { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var publicCities = db.Set<PartnerCity>().AsNoTracking().Where(c => c.IsPublic);
        CountryCodes = await publicCities.Select(c => c.CountryCode).Distinct().OrderBy(c => c).ToListAsync(ct);
        var query = string.IsNullOrEmpty(Country) ? publicCities : publicCities.Where(c => c.CountryCode == Country);
        var town = TwinningCloud.Web.Platform.Localization.ContentLanguage.Town(tenant);
        Cities = (await query.ToListAsync(ct)).OrderBy(c => c.DisplayName(town).Text, StringComparer.CurrentCulture).ToList();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Register.PartnerCities.Staff;

/// <summary>Staff list of the town's partner cities: search, country filter, sort, pages.</summary>
public sealed class PartnerCityAdminListModel(AppDbContext db) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public PartnerCityFilter Filter { get; set; } = new();
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    public Paged<PartnerCity> Result { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<string> CountryCodes { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        CountryCodes = await db.Set<PartnerCity>().Select(c => c.CountryCode).Distinct().OrderBy(c => c).ToListAsync(ct);
        var (page, size) = RegisterSearch.Clamp(PageNumber, PageSize, PageSize);
        Result = await db.Set<PartnerCity>().AsNoTracking().Apply(Filter).PageAsync(page, size, ct);
    }

    public Dictionary<string, string?> RouteFor(int page) => new()
    {
        ["q"] = Filter.Q, ["country"] = Filter.Country, ["sort"] = Filter.Sort, ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

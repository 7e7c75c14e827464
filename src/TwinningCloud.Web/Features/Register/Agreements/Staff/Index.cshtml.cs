using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Register.Agreements.Staff;

/// <summary>Staff list of the town's agreements: search, filters (country, domain, kind, status, year), sort, pages.</summary>
public sealed class AgreementAdminListModel(AppDbContext db) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public AgreementFilter Filter { get; set; } = new();
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    public Paged<Agreement> Result { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<string> CountryCodes { get; private set; } = [];
    public IReadOnlyList<CooperationDomain> Domains { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        CountryCodes = await db.Set<PartnerCity>().Select(c => c.CountryCode).Distinct().OrderBy(c => c).ToListAsync(ct);
        Domains = await db.Set<CooperationDomain>().AsNoTracking().OrderBy(d => d.Key).ToListAsync(ct);
        var (page, size) = RegisterSearch.Clamp(PageNumber, PageSize, PageSize);
        Result = await db.Set<Agreement>().AsNoTracking().Include(a => a.Parties).ThenInclude(p => p.PartnerCity)
            .AsSplitQuery().Apply(Filter).PageAsync(page, size, ct);
    }

    public Dictionary<string, string?> RouteFor(int page) => new()
    {
        ["q"] = Filter.Q, ["country"] = Filter.Country, ["domain"] = Filter.Domain, ["kind"] = Filter.Kind, ["status"] = Filter.Status,
        ["year"] = Filter.Year?.ToString(CultureInfo.InvariantCulture), ["sort"] = Filter.Sort, ["page"] = page.ToString(CultureInfo.InvariantCulture),
    };
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Register.Public;

namespace TwinningCloud.Web.Features.Register.PartnerCities.Public;

/// <summary>The public list of a town's partner cities, filterable by country, <see cref="PublicRegister.CitiesPerPage"/> a page.</summary>
[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class PartnerCityListModel(PublicRegister register) : PageModel
{
    [FromQuery(Name = "country")] public string? Country { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    public IReadOnlyList<PartnerCity> Cities { get; private set; } = [];
    public IReadOnlyList<string> CountryCodes { get; private set; } = [];
    public int Total { get; private set; }
    public int CurrentPage { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var country = string.IsNullOrWhiteSpace(Country) ? null : Country.Trim().ToUpperInvariant();
        CountryCodes = (await register.CountriesAsync(ct)).Order(StringComparer.Ordinal).ToList();
        CurrentPage = PageNumber is > 0 ? PageNumber.Value : 1;
        (Cities, Total) = await register.CitiesPageAsync(country, CurrentPage, ct);
        PageCount = Math.Max(1, (Total + PublicRegister.CitiesPerPage - 1) / PublicRegister.CitiesPerPage);
        if (CurrentPage > PageCount)
        {
            return NotFound();
        }
        return Page();
    }

    /// <summary>The address of page <paramref name="page"/> with the current filter.</summary>
    public string UrlOf(int page) =>
        PageLinks.WithPage(Url.Page("Index", new { country = string.IsNullOrWhiteSpace(Country) ? null : Country })!, page);
}

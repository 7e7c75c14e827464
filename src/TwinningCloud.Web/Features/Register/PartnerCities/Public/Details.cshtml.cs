using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Register.Public;

namespace TwinningCloud.Web.Features.Register.PartnerCities.Public;

[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class PartnerCityDetailsModel(PublicRegister register) : PageModel
{
    public PartnerCity City { get; private set; } = null!;
    public IReadOnlyList<PublicAgreement> Agreements { get; private set; } = [];

    /// <summary><c>/partner-cities/kobe</c>; an old address by id (<c>/partner-cities/{guid}</c>) redirects there for good (301).</summary>
    public async Task<IActionResult> OnGetAsync(string key)
    {
        var city = await register.CityAsync(key, HttpContext.RequestAborted);
        if (city is null)
        {
            return NotFound();
        }
        if (city.Slug is not null && city.Slug != key)
        {
            return RedirectPermanent(PublicLinks.City(HttpContext, city) + HttpContext.Request.QueryString);
        }
        City = city;
        Agreements = await register.AgreementsOfCityAsync(city.Id, HttpContext.RequestAborted);
        return Page();
    }
}

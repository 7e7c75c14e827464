using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.PublicPages;

namespace TwinningCloud.Web.Features.PartnerCities;

[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class PartnerCityDetailsModel(PublicRegister register) : PageModel
{
    public PartnerCity City { get; private set; } = null!;
    public IReadOnlyList<PublicAgreement> Agreements { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var city = await register.CityAsync(id, HttpContext.RequestAborted);
        if (city is null)
        {
            return NotFound();
        }
        City = city;
        Agreements = await register.AgreementsOfCityAsync(city.Id, HttpContext.RequestAborted);
        return Page();
    }
}

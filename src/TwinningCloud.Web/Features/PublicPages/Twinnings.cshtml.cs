using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Agreements;
using TwinningCloud.Web.Features.PartnerCities;

namespace TwinningCloud.Web.Features.PublicPages;

/// <summary>The public list of twinnings and cooperation agreements, grouped by kind, with the world map; filters by domain and country.</summary>
[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class TwinningsModel(PublicRegister register, Countries countries) : PageModel
{
    [FromQuery(Name = "domain")] public string? Domain { get; set; }
    [FromQuery(Name = "country")] public string? Country { get; set; }

    public IReadOnlyList<PublicAgreement> Agreements { get; private set; } = [];
    public IReadOnlyList<IGrouping<AgreementKind, PublicAgreement>> Groups { get; private set; } = [];
    public IReadOnlyList<PartnerCity> Cities { get; private set; } = [];
    public IReadOnlyList<CooperationDomain> Domains { get; private set; } = [];
    public IReadOnlyList<string> CountryCodes { get; private set; } = [];
    public bool Filtered { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var filter = PublicFilter.From(Domain, Country);
        Filtered = !filter.IsEmpty;
        Agreements = await register.AgreementsAsync(filter, ct);
        Groups = Agreements.GroupBy(a => a.Kind).OrderBy(g => g.Key).ToList();
        Cities = await register.CitiesAsync(filter, ct);
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        Domains = (await register.DomainsInUseAsync(ct)).OrderBy(d => d.NameIn(language), StringComparer.CurrentCulture).ToList();
        CountryCodes = (await register.CountriesAsync(ct)).OrderBy(countries.NameOf, StringComparer.CurrentCulture).ToList();
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;

namespace TwinningCloud.Web.Features.Register.Public;

/// <summary>The public list of twinnings and cooperation agreements, grouped by kind, with the world map; filters by domain and country.</summary>
[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class TwinningsModel(PublicRegister register, Countries countries) : PageModel
{
    [FromQuery(Name = "domain")] public string? Domain { get; set; }
    [FromQuery(Name = "country")] public string? Country { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }

    /// <summary>Agreement cards per page (the counts and the map always cover them all).</summary>
    public const int AgreementsPerPage = 60;

    public IReadOnlyList<PublicAgreement> Agreements { get; private set; } = [];
    public IReadOnlyList<IGrouping<AgreementKind, PublicAgreement>> Groups { get; private set; } = [];
    public IReadOnlyList<PartnerCity> Cities { get; private set; } = [];
    public IReadOnlyList<CooperationDomain> Domains { get; private set; } = [];
    public IReadOnlyList<string> CountryCodes { get; private set; } = [];
    public bool Filtered { get; private set; }
    public IReadOnlyDictionary<AgreementKind, int> KindCounts { get; private set; } = new Dictionary<AgreementKind, int>();
    public int CurrentPage { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var filter = PublicFilter.From(Domain, Country);
        Filtered = !filter.IsEmpty;
        Agreements = await register.AgreementsAsync(filter, ct);
        KindCounts = Agreements.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Count());
        PageCount = Math.Max(1, (Agreements.Count + AgreementsPerPage - 1) / AgreementsPerPage);
        CurrentPage = PageNumber is > 0 ? PageNumber.Value : 1;
        if (CurrentPage > PageCount)
        {
            return NotFound();
        }
        Groups = Agreements.Skip((CurrentPage - 1) * AgreementsPerPage).Take(AgreementsPerPage).GroupBy(a => a.Kind).OrderBy(g => g.Key).ToList();
        Cities = await register.CitiesAsync(filter, ct);
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        Domains = (await register.DomainsInUseAsync(ct)).OrderBy(d => d.NameIn(language), StringComparer.CurrentCulture).ToList();
        CountryCodes = (await register.CountriesAsync(ct)).OrderBy(countries.NameOf, StringComparer.CurrentCulture).ToList();
        return Page();
    }

    /// <summary>The address of page <paramref name="page"/> with the current filters.</summary>
    public string UrlOf(int page) =>
        PageLinks.WithPage(Url.Page("Twinnings", new { domain = string.IsNullOrWhiteSpace(Domain) ? null : Domain, country = string.IsNullOrWhiteSpace(Country) ? null : Country })!, page);
}

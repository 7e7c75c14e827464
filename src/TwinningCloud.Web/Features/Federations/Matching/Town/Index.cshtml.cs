using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching.Town;

/// <summary>The form's fields as posted (lists of the checked boxes and chosen options).</summary>
public sealed class PartnerSearchForm
{
    public bool IsPublic { get; set; }
    public string? OwnCountryCode { get; set; }
    public string? OwnPopulation { get; set; }
    public List<string> SoughtCountries { get; set; } = [];
    public List<string> SoughtRegions { get; set; } = [];
    public List<string> SoughtDomains { get; set; } = [];
    public List<string> SoughtSizes { get; set; } = [];
    public string? TextFr { get; set; }
    public string? TextEn { get; set; }

    public static PartnerSearchForm From(PartnerSearch s) => new()
    {
        IsPublic = s.IsPublic, OwnCountryCode = s.OwnCountryCode, OwnPopulation = s.OwnPopulation?.ToString(CultureInfo.InvariantCulture),
        SoughtCountries = [.. s.SoughtCountries], SoughtRegions = [.. s.SoughtRegions], SoughtDomains = [.. s.SoughtDomains],
        SoughtSizes = s.SoughtSizes.Select(z => z.ToString()).ToList(), TextFr = s.TextFr, TextEn = s.TextEn,
    };
}

/// <summary>One federation's suggestions for the town.</summary>
public sealed record FederationSuggestions(MatchingData Data, IReadOnlyList<Suggestion> Suggestions);

/// <summary>
/// A town's partner search (what it seeks, what it is, its text in French and English, published or not), the towns
/// each of its federations' directories suggests with the reasons, and its contacts sent and received.
/// </summary>
public sealed class PartnerSearchModel(AppDbContext db, PartnerSuggestions suggestions, PartnerContacts contacts, TenantContext tenantContext, Countries countries, TimeProvider clock) : PageModel
{
    public static readonly string[] FieldOrder = ["OwnCountryCode", "OwnPopulation", "SoughtCountries", "SoughtRegions", "SoughtDomains", "SoughtSizes", "TextFr", "TextEn"];

    [BindProperty] public PartnerSearchForm Form { get; set; } = new();
    public Dictionary<string, string> Errors { get; } = [];
    public IReadOnlyList<(string Key, string Name)> Domains { get; private set; } = [];
    public IReadOnlyList<FederationSuggestions> Federations { get; private set; } = [];
    public IReadOnlyList<ContactView> Contacts { get; private set; } = [];
    public bool Saved { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync()
    {
        var own = await suggestions.OwnAsync(HttpContext.RequestAborted);
        Form = PartnerSearchForm.From(own);
        Saved = TempData["PartnerSearchSaved"] is true;
        Message = TempData["MatchingMessage"] as string;
        await LoadAsync(own);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        await LoadDomainsAsync(ct);
        var search = Validate();
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(search);
            return Page();
        }
        var row = await db.Set<PartnerSearch>().FirstOrDefaultAsync(ct);
        if (row is null)
        {
            row = new PartnerSearch();
            db.Add(row);
        }
        row.IsPublic = search.IsPublic;
        row.OwnCountryCode = search.OwnCountryCode;
        row.OwnPopulation = search.OwnPopulation;
        row.SoughtCountries = search.SoughtCountries;
        row.SoughtRegions = search.SoughtRegions;
        row.SoughtDomains = search.SoughtDomains;
        row.SoughtSizes = search.SoughtSizes;
        row.TextFr = search.TextFr;
        row.TextEn = search.TextEn;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        TempData["PartnerSearchSaved"] = true;
        return RedirectToPage();
    }

    /// <summary>Checks the posted form; fills <see cref="Errors"/> (field → text key) and returns the search it describes.</summary>
    private PartnerSearch Validate()
    {
        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        static List<string> Distinct(IEnumerable<string> values) => values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var search = new PartnerSearch { IsPublic = Form.IsPublic, TextFr = Text(Form.TextFr), TextEn = Text(Form.TextEn) };
        if (Text(Form.OwnCountryCode)?.ToUpperInvariant() is { } country)
        {
            if (countries.IsKnown(country) && country.Length == 2)
            {
                search.OwnCountryCode = country;
            }
            else
            {
                Errors["OwnCountryCode"] = "matching.error.country";
            }
        }
        if (Text(Form.OwnPopulation) is { } population)
        {
            if (int.TryParse(population.Replace(" ", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal),
                    NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= PartnerSearch.MaxPopulation)
            {
                search.OwnPopulation = p;
            }
            else
            {
                Errors["OwnPopulation"] = "matching.error.population";
            }
        }
        var sought = Distinct(Form.SoughtCountries).Select(c => c.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (sought.Count > PartnerSearch.MaxCountries)
        {
            Errors["SoughtCountries"] = "matching.error.countries-limit";
        }
        else if (sought.Any(c => c.Length != 2 || !countries.IsKnown(c)))
        {
            Errors["SoughtCountries"] = "matching.error.country";
        }
        search.SoughtCountries = sought;
        var regions = Distinct(Form.SoughtRegions);
        if (regions.Count > PartnerSearch.MaxRegions || regions.Any(r => !Regions.All.ContainsKey(r)))
        {
            Errors["SoughtRegions"] = "matching.error.regions";
        }
        search.SoughtRegions = regions;
        var domains = Distinct(Form.SoughtDomains);
        if (domains.Count > PartnerSearch.MaxDomains)
        {
            Errors["SoughtDomains"] = "matching.error.domains-limit";
        }
        else if (domains.Any(d => Domains.All(x => x.Key != d)))
        {
            Errors["SoughtDomains"] = "matching.error.domain";
        }
        search.SoughtDomains = domains;
        var sizes = new List<TownSize>();
        foreach (var size in Distinct(Form.SoughtSizes))
        {
            if (Enum.TryParse<TownSize>(size, ignoreCase: false, out var z) && Enum.IsDefined(z))
            {
                sizes.Add(z);
            }
            else
            {
                Errors["SoughtSizes"] = "matching.error.size";
            }
        }
        search.SoughtSizes = sizes;
        if (search.TextFr is { Length: > PartnerSearch.MaxTextLength })
        {
            Errors["TextFr"] = "matching.error.text";
        }
        if (search.TextEn is { Length: > PartnerSearch.MaxTextLength })
        {
            Errors["TextEn"] = "matching.error.text";
        }
        if (search.IsPublic && sought.Count == 0 && regions.Count == 0 && domains.Count == 0 && !Errors.ContainsKey("SoughtCountries"))
        {
            Errors["SoughtCountries"] = "matching.error.nothing-sought";
        }
        return search;
    }

    private async Task LoadDomainsAsync(CancellationToken ct)
    {
        var english = TwinningCloud.Web.Platform.Localization.ContentLanguage.Reader == TwinningCloud.Web.Platform.Localization.SupportedCultures.English;
        Domains = (await db.Set<CooperationDomain>().AsNoTracking().Take(200).ToListAsync(ct))
            .Select(d => (d.Key, english ? d.NameEn : d.NameFr)).OrderBy(d => d.Item2, StringComparer.CurrentCulture).ToList();
    }

    private async Task LoadAsync(PartnerSearch own)
    {
        var ct = HttpContext.RequestAborted;
        var town = tenantContext.Required;
        if (Domains.Count == 0)
        {
            await LoadDomainsAsync(ct);
        }
        var list = new List<FederationSuggestions>();
        foreach (var federation in await suggestions.FederationsOfAsync(town.Id, ct))
        {
            var data = await suggestions.DataAsync(federation, ct);
            list.Add(new FederationSuggestions(data, PartnerSuggestions.For(data, town.Id, own)));
        }
        Federations = list;
        Contacts = await contacts.OfTownAsync(town, ct);
    }

    public string? Error(string field) => Errors.TryGetValue(field, out var key) ? key : null;
}

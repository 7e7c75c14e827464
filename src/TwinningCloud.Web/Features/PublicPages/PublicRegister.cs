using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Agreements;
using TwinningCloud.Web.Features.PartnerCities;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.PublicPages;

/// <summary>What the public pages filter by: a cooperation domain's key and a country code (both optional).</summary>
public sealed record PublicFilter(string? Domain, string? Country)
{
    public static PublicFilter From(string? domain, string? country) => new(
        string.IsNullOrWhiteSpace(domain) ? null : domain.Trim(),
        string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant());

    public bool IsEmpty => Domain is null && Country is null;
}

/// <summary>A public agreement as the public sees it: only its public partner cities; <see cref="Ended"/> ones are marked so.</summary>
public sealed record PublicAgreement(
    Guid Id, AgreementKind Kind, LocalizedText Title, DateOnly? SignedOn, string? SignedAt, LocalizedText? Summary,
    IReadOnlyList<PartnerCity> Cities, IReadOnlyList<AgreementEvent> Events, IReadOnlyList<CooperationDomain> Domains,
    AgreementStatus Status = AgreementStatus.Active, DatePrecision SignedPrecision = DatePrecision.Day)
{
    public bool Ended => Status == AgreementStatus.Ended;
}

/// <summary>
/// Reads the register for the public pages: what each entity's public rule lets through
/// (<see cref="Agreement.PublicRule"/>: public and not a draft; <see cref="PartnerCity.PublicRule"/>), so an
/// internal city never shows, not even as a party of a public agreement, and a city's internal notes never
/// leave here. Always straight from the database: an edit by staff shows at once. Anonymous requests are
/// held to the same rules by the database context itself (<see cref="PublicVisibility"/>).
/// </summary>
public sealed class PublicRegister(AppDbContext db, TenantContext tenant)
{
    /// <summary>Partner cities per page of the public list.</summary>
    public const int CitiesPerPage = 48;

    private IQueryable<Agreement> VisibleAgreements => db.Set<Agreement>().AsNoTracking().PubliclyVisible();

    private IQueryable<PartnerCity> VisibleCities => db.Set<PartnerCity>().AsNoTracking().PubliclyVisible();

    /// <summary>One public partner city (without its internal notes), or null.</summary>
    public async Task<PartnerCity?> CityAsync(Guid id, CancellationToken ct) =>
        Public(await VisibleCities.FirstOrDefaultAsync(c => c.Id == id, ct));

    /// <summary>A page of the public partner cities by name, optionally of one country, with how many there are in all.</summary>
    public async Task<(IReadOnlyList<PartnerCity> Cities, int Total)> CitiesPageAsync(string? country, int page, CancellationToken ct)
    {
        var query = string.IsNullOrEmpty(country) ? VisibleCities : VisibleCities.Where(c => c.CountryCode == country);
        var total = await query.CountAsync(ct);
        // Sorted by the name in the reader's language (the exonym when the town gave one).
        var cities = await (ContentLanguage.Reader == SupportedCultures.English
                ? query.OrderBy(c => c.NameEn ?? c.Name) : query.OrderBy(c => c.NameFr ?? c.Name)).ThenBy(c => c.Id)
            .Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * CitiesPerPage)).Take(CitiesPerPage).ToListAsync(ct);
        return (cities.Select(c => Public(c)!).ToList(), total);
    }

    /// <summary>Every public partner city, for the sitemap: ids and names only.</summary>
    public async Task<IReadOnlyList<Guid>> CityIdsAsync(int max, CancellationToken ct) =>
        await VisibleCities.OrderBy(c => c.Name).ThenBy(c => c.Id).Select(c => c.Id).Take(max).ToListAsync(ct);

    /// <summary>The city as the public may see it: internal notes dropped (the entity is not tracked).</summary>
    private static PartnerCity? Public(PartnerCity? city)
    {
        if (city is not null)
        {
            city.Notes = null;
        }
        return city;
    }

    /// <summary>The order of the groups on the public pages: twinnings first, then cooperation agreements, charters…</summary>
    public static readonly AgreementKind[] KindOrder = Enum.GetValues<AgreementKind>();

    public async Task<IReadOnlyList<PublicAgreement>> AgreementsAsync(PublicFilter filter, CancellationToken ct)
    {
        var query = VisibleAgreements;
        if (filter.Domain is { } domain)
        {
            query = query.Where(a => a.Domains.Any(d => d.Domain!.Key == domain));
        }
        if (filter.Country is { } country)
        {
            var cities = VisibleCities;
            query = query.Where(a => a.Parties.Any(p => cities.Any(c => c.Id == p.PartnerCityId && c.CountryCode == country)));
        }
        var rows = await query
            .Include(a => a.Parties).ThenInclude(p => p.PartnerCity)
            .Include(a => a.Events)
            .Include(a => a.Domains).ThenInclude(d => d.Domain)
            .AsSplitQuery()
            .ToListAsync(ct);
        return rows
            .Select(ToPublic)
            .OrderBy(a => a.Kind).ThenBy(a => a.SignedOn ?? DateOnly.MaxValue).ThenBy(a => a.Title.Text, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>The public partner cities, filtered: by country, and by domain (a party to a public agreement in that domain).</summary>
    public async Task<IReadOnlyList<PartnerCity>> CitiesAsync(PublicFilter filter, CancellationToken ct)
    {
        var query = VisibleCities;
        if (filter.Country is { } country)
        {
            query = query.Where(c => c.CountryCode == country);
        }
        if (filter.Domain is { } domain)
        {
            var agreements = VisibleAgreements;
            query = query.Where(c => agreements.Any(a => a.Parties.Any(p => p.PartnerCityId == c.Id)
                && a.Domains.Any(d => d.Domain!.Key == domain)));
        }
        var cities = await query.ToListAsync(ct);
        var town = ContentLanguage.Town(tenant);
        return cities.Select(c => Public(c)!).OrderBy(c => c.DisplayName(town).Text, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>The domains of the public agreements, for the filter.</summary>
    public async Task<IReadOnlyList<CooperationDomain>> DomainsInUseAsync(CancellationToken ct)
    {
        var agreements = VisibleAgreements;
        return await db.Set<CooperationDomain>().AsNoTracking()
            .Where(d => db.Set<AgreementDomain>().Any(ad => ad.DomainId == d.Id && agreements.Any(a => a.Id == ad.AgreementId)))
            .ToListAsync(ct);
    }

    /// <summary>The countries of the public partner cities, for the filter.</summary>
    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken ct) =>
        await VisibleCities.Select(c => c.CountryCode).Distinct().ToListAsync(ct);

    /// <summary>The public agreements a public partner city is party to.</summary>
    public async Task<IReadOnlyList<PublicAgreement>> AgreementsOfCityAsync(Guid cityId, CancellationToken ct)
    {
        var rows = await VisibleAgreements
            .Where(a => a.Parties.Any(p => p.PartnerCityId == cityId))
            .Include(a => a.Parties).ThenInclude(p => p.PartnerCity)
            .Include(a => a.Events)
            .Include(a => a.Domains).ThenInclude(d => d.Domain)
            .AsSplitQuery()
            .ToListAsync(ct);
        return rows
            .Select(ToPublic)
            .OrderBy(a => a.SignedOn ?? DateOnly.MaxValue)
            .ToList();
    }

    private static readonly Func<PartnerCity, bool> IsVisibleCity = PartnerCity.PublicRule.Compile();

    private PublicAgreement ToPublic(Agreement a)
    {
        var town = ContentLanguage.Town(tenant);
        return new(
            a.Id, a.Kind, a.DisplayTitle(town), a.SignedOn, a.SignedAt, a.DisplaySummary(town),
            a.Parties.Select(p => p.PartnerCity).OfType<PartnerCity>().Where(IsVisibleCity).Select(c => Public(c)!)
                .OrderBy(c => c.DisplayName(town).Text, StringComparer.CurrentCulture).ToList(),
            a.Events.OrderBy(e => e.OccurredOn).ToList(),
            a.Domains.Select(d => d.Domain!).ToList(),
            a.Status,
            a.SignedPrecision);
    }

    /// <summary>"14 twinned towns": the distinct public cities party to a public twinning oath that has not ended.</summary>
    public static int TwinnedCities(IEnumerable<PublicAgreement> agreements) =>
        agreements.Where(a => a.Kind == AgreementKind.TwinningOath && !a.Ended).SelectMany(a => a.Cities).Select(c => c.Id).Distinct().Count();
}

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

/// <summary>A public agreement as the public sees it: only its public partner cities.</summary>
public sealed record PublicAgreement(
    Guid Id, AgreementKind Kind, LocalizedText Title, DateOnly? SignedOn, string? SignedAt, LocalizedText? Summary,
    IReadOnlyList<PartnerCity> Cities, IReadOnlyList<AgreementEvent> Events, IReadOnlyList<CooperationDomain> Domains,
    DatePrecision SignedPrecision = DatePrecision.Day);

/// <summary>
/// Reads the register for the public pages: public agreements, public partner cities only (an internal
/// city never shows, not even as a party of a public agreement). Always straight from the database: an
/// edit by staff shows at once.
/// </summary>
public sealed class PublicRegister(AppDbContext db, TenantContext tenant)
{
    /// <summary>The order of the groups on the public pages: twinnings first, then cooperation agreements, charters…</summary>
    public static readonly AgreementKind[] KindOrder = Enum.GetValues<AgreementKind>();

    public async Task<IReadOnlyList<PublicAgreement>> AgreementsAsync(PublicFilter filter, CancellationToken ct)
    {
        var query = db.Set<Agreement>().AsNoTracking().Where(a => a.IsPublic);
        if (filter.Domain is { } domain)
        {
            query = query.Where(a => a.Domains.Any(d => d.Domain!.Key == domain));
        }
        if (filter.Country is { } country)
        {
            query = query.Where(a => a.Parties.Any(p => p.PartnerCity!.IsPublic && p.PartnerCity.CountryCode == country));
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
        var query = db.Set<PartnerCity>().AsNoTracking().Where(c => c.IsPublic);
        if (filter.Country is { } country)
        {
            query = query.Where(c => c.CountryCode == country);
        }
        if (filter.Domain is { } domain)
        {
            query = query.Where(c => db.Set<Agreement>().Any(a => a.IsPublic
                && a.Parties.Any(p => p.PartnerCityId == c.Id)
                && a.Domains.Any(d => d.Domain!.Key == domain)));
        }
        var cities = await query.ToListAsync(ct);
        var town = ContentLanguage.Town(tenant);
        return cities.OrderBy(c => c.DisplayName(town).Text, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>The domains of the public agreements, for the filter.</summary>
    public async Task<IReadOnlyList<CooperationDomain>> DomainsInUseAsync(CancellationToken ct) =>
        await db.Set<CooperationDomain>().AsNoTracking()
            .Where(d => db.Set<AgreementDomain>().Any(ad => ad.DomainId == d.Id && db.Set<Agreement>().Any(a => a.Id == ad.AgreementId && a.IsPublic)))
            .ToListAsync(ct);

    /// <summary>The countries of the public partner cities, for the filter.</summary>
    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken ct) =>
        await db.Set<PartnerCity>().AsNoTracking().Where(c => c.IsPublic).Select(c => c.CountryCode).Distinct().ToListAsync(ct);

    /// <summary>The public agreements a public partner city is party to.</summary>
    public async Task<IReadOnlyList<PublicAgreement>> AgreementsOfCityAsync(Guid cityId, CancellationToken ct)
    {
        var rows = await db.Set<Agreement>().AsNoTracking()
            .Where(a => a.IsPublic && a.Parties.Any(p => p.PartnerCityId == cityId))
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

    private PublicAgreement ToPublic(Agreement a)
    {
        var town = ContentLanguage.Town(tenant);
        return new(
            a.Id, a.Kind, a.DisplayTitle(town), a.SignedOn, a.SignedAt, a.DisplaySummary(town),
            a.Parties.Select(p => p.PartnerCity!).Where(c => c.IsPublic).OrderBy(c => c.DisplayName(town).Text, StringComparer.CurrentCulture).ToList(),
            a.Events.OrderBy(e => e.OccurredOn).ToList(),
            a.Domains.Select(d => d.Domain!).ToList(),
            a.SignedPrecision);
    }

    /// <summary>"14 twinned towns": the distinct public cities party to a public twinning oath.</summary>
    public static int TwinnedCities(IEnumerable<PublicAgreement> agreements) =>
        agreements.Where(a => a.Kind == AgreementKind.TwinningOath).SelectMany(a => a.Cities).Select(c => c.Id).Distinct().Count();
}

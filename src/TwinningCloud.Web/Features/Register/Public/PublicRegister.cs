using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using TwinningCloud.Web.Platform.Caching;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Public;

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
/// leave here. Anonymous requests are held to the same rules by the database context itself
/// (<see cref="PublicVisibility"/>). A town's whole public register is read at once and kept in memory
/// (<see cref="PublicRegisterCache"/>, per town and reader's language) until the town's data version changes —
/// invalidated exactly like the page cache, so an edit by staff shows at once; filters and sorting run in memory.
/// </summary>
public sealed class PublicRegister(AppDbContext db, TenantContext tenantContext, PublicRegisterCache cache)
{
    /// <summary>Partner cities per page of the public list.</summary>
    public const int CitiesPerPage = 48;

    private IQueryable<Agreement> VisibleAgreements => db.Set<Agreement>().AsNoTracking().PubliclyVisible();

    private IQueryable<PartnerCity> VisibleCities => db.Set<PartnerCity>().AsNoTracking().PubliclyVisible();

    /// <summary>One public partner city (without its internal notes) by its slug or, for old addresses, its id; or null.</summary>
    public async Task<PartnerCity?> CityAsync(string key, CancellationToken ct)
    {
        var cities = (await SnapshotAsync(ct)).Cities;
        return Guid.TryParse(key, out var id) ? cities.FirstOrDefault(c => c.Id == id) : cities.FirstOrDefault(c => c.Slug == key);
    }

    /// <summary>A page of the public partner cities by name (in the reader's language), optionally of one country, with how many there are in all.</summary>
    public async Task<(IReadOnlyList<PartnerCity> Cities, int Total)> CitiesPageAsync(string? country, int page, CancellationToken ct)
    {
        var cities = (await SnapshotAsync(ct)).Cities.Where(c => string.IsNullOrEmpty(country) || c.CountryCode == country).ToList();
        var town = ContentLanguage.Town(tenantContext);
        var shown = cities.OrderBy(c => c.DisplayName(town).Text, StringComparer.CurrentCulture).ThenBy(c => c.Id)
            .Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * CitiesPerPage)).Take(CitiesPerPage).ToList();
        return (shown, cities.Count);
    }

    /// <summary>Every public partner city, for the sitemap.</summary>
    public async Task<IReadOnlyList<PartnerCity>> CitiesForSitemapAsync(int max, CancellationToken ct) =>
        (await SnapshotAsync(ct)).Cities.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id).Take(max).ToList();

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
        var register = await SnapshotAsync(ct);
        IEnumerable<PublicAgreement> agreements = register.Agreements;
        if (filter.Domain is { } domain)
        {
            agreements = agreements.Where(a => a.Domains.Any(d => d.Key == domain));
        }
        if (filter.Country is { } country)
        {
            agreements = agreements.Where(a => a.Cities.Any(c => c.CountryCode == country));
        }
        return Sorted(agreements.OrderBy(a => a.Kind));
    }

    /// <summary>The public partner cities, filtered: by country, and by domain (a party to a public agreement in that domain).</summary>
    public async Task<IReadOnlyList<PartnerCity>> CitiesAsync(PublicFilter filter, CancellationToken ct)
    {
        var register = await SnapshotAsync(ct);
        IEnumerable<PartnerCity> cities = register.Cities;
        if (filter.Country is { } country)
        {
            cities = cities.Where(c => c.CountryCode == country);
        }
        if (filter.Domain is { } domain)
        {
            var inDomain = register.Agreements.Where(a => a.Domains.Any(d => d.Key == domain)).SelectMany(a => a.Cities).Select(c => c.Id).ToHashSet();
            cities = cities.Where(c => inDomain.Contains(c.Id));
        }
        var town = ContentLanguage.Town(tenantContext);
        return cities.OrderBy(c => c.DisplayName(town).Text, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>The domains of the public agreements, for the filter.</summary>
    public async Task<IReadOnlyList<CooperationDomain>> DomainsInUseAsync(CancellationToken ct) => (await SnapshotAsync(ct)).DomainsInUse;

    /// <summary>The countries of the public partner cities, for the filter.</summary>
    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken ct) => (await SnapshotAsync(ct)).Countries;

    /// <summary>The public agreements a public partner city is party to.</summary>
    public async Task<IReadOnlyList<PublicAgreement>> AgreementsOfCityAsync(Guid cityId, CancellationToken ct) =>
        Sorted((await SnapshotAsync(ct)).Agreements.Where(a => a.Cities.Any(c => c.Id == cityId)).OrderBy(_ => 0));

    private static List<PublicAgreement> Sorted(IOrderedEnumerable<PublicAgreement> agreements) =>
        agreements.ThenBy(a => a.SignedOn ?? DateOnly.MaxValue).ThenBy(a => a.Title.Text, StringComparer.CurrentCulture).ToList();

    /// <summary>The current town's public register in the reader's language, from memory when its data has not changed since it was read.</summary>
    public Task<PublicRegisterSnapshot> SnapshotAsync(CancellationToken ct) =>
        cache.GetOrReadAsync(tenantContext.Required.Id, ContentLanguage.Reader, () => ReadAsync(ct));

    private async Task<PublicRegisterSnapshot> ReadAsync(CancellationToken ct)
    {
        var rows = await VisibleAgreements
            .Include(a => a.Parties)
            .Include(a => a.Events)
            .Include(a => a.Domains)
            .AsSplitQuery()
            .ToListAsync(ct);
        var cities = (await VisibleCities.ToListAsync(ct)).Select(c => Public(c)!).ToList();
        var domains = await db.Set<CooperationDomain>().AsNoTracking().ToDictionaryAsync(d => d.Id, ct);
        // One object per city and domain, shared by every agreement that names it.
        var cityById = cities.ToDictionary(c => c.Id);
        var town = ContentLanguage.Town(tenantContext);
        var agreements = rows.Select(a => ToPublic(a, town, cityById, domains)).ToList();
        return new PublicRegisterSnapshot(
            agreements,
            cities,
            agreements.SelectMany(a => a.Domains).Distinct().ToList(),
            cities.Select(c => c.CountryCode).Distinct(StringComparer.Ordinal).ToList());
    }

    private static PublicAgreement ToPublic(Agreement a, string town, Dictionary<Guid, PartnerCity> publicCities, Dictionary<Guid, CooperationDomain> domains) => new(
        a.Id, a.Kind, a.DisplayTitle(town), a.SignedOn, a.SignedAt, a.DisplaySummary(town),
        a.Parties.Select(p => publicCities.GetValueOrDefault(p.PartnerCityId)).OfType<PartnerCity>()
            .OrderBy(c => c.DisplayName(town).Text, StringComparer.CurrentCulture).ToList(),
        a.Events.OrderBy(e => e.OccurredOn).ToList(),
        a.Domains.Select(d => domains[d.DomainId]).ToList(),
        a.Status,
        a.SignedPrecision);

    /// <summary>"14 twinned towns": the distinct public cities party to a public twinning oath that has not ended.</summary>
    public static int TwinnedCities(IEnumerable<PublicAgreement> agreements) =>
        agreements.Where(a => a.Kind == AgreementKind.TwinningOath && !a.Ended).SelectMany(a => a.Cities).Select(c => c.Id).Distinct().Count();
}

/// <summary>A town's whole public register as read at one data version (shared by requests: never changed).</summary>
public sealed record PublicRegisterSnapshot(
    IReadOnlyList<PublicAgreement> Agreements, IReadOnlyList<PartnerCity> Cities, IReadOnlyList<CooperationDomain> DomainsInUse, IReadOnlyList<string> Countries);

/// <summary>
/// The public registers read by <see cref="PublicRegister"/>, one per town, valid while the town's data
/// version (<see cref="TenantDataVersions"/>: bumped on save here, on every instance by the change
/// notification) is the one it was read at; nothing is kept while notifications may be missed. Bounded
/// by the number of agreements and cities held; least used first out.
/// </summary>
public sealed class PublicRegisterCache(TenantDataVersions versions)
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 500_000 });

    private sealed record Entry(long Version, PublicRegisterSnapshot Register);

    public async Task<PublicRegisterSnapshot> GetOrReadAsync(Guid tenantId, string language, Func<Task<PublicRegisterSnapshot>> read)
    {
        if (!versions.CanCache)
        {
            return await read();
        }
        var version = versions.Current(tenantId); // read before reading: a change meanwhile leaves the entry stale, never wrongly fresh
        var key = (tenantId, language);
        if (_cache.TryGetValue(key, out Entry? entry) && entry is not null && entry.Version == version)
        {
            return entry.Register;
        }
        var register = await read();
        _cache.Set(key, new Entry(version, register), new MemoryCacheEntryOptions
        {
            Size = 1 + register.Agreements.Count + register.Cities.Count,
            SlidingExpiration = TimeSpan.FromMinutes(30),
        });
        return register;
    }
}

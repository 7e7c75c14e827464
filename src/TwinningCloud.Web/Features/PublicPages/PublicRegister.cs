using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using TwinningCloud.Web.Platform.Caching;
using TwinningCloud.Web.Features.Agreements;
using TwinningCloud.Web.Features.PartnerCities;
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
    Guid Id, AgreementKind Kind, string Title, DateOnly? SignedOn, string? SignedAt, string? Summary,
    IReadOnlyList<PartnerCity> Cities, IReadOnlyList<AgreementEvent> Events, IReadOnlyList<CooperationDomain> Domains);

/// <summary>
/// Reads the register for the public pages: public agreements, public partner cities only (an internal
/// city never shows, not even as a party of a public agreement). Reads a town's whole public register at
/// once and keeps it in memory (<see cref="PublicRegisterCache"/>) until the town's data version changes —
/// invalidated exactly like the page cache, so an edit by staff shows at once; filters and sorting run
/// in memory (a few hundred items at most).
/// </summary>
public sealed class PublicRegister(AppDbContext db, TenantContext tenantContext, PublicRegisterCache cache)
{
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
        return cities.OrderBy(c => c.Name, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>The domains of the public agreements, for the filter.</summary>
    public async Task<IReadOnlyList<CooperationDomain>> DomainsInUseAsync(CancellationToken ct) => (await SnapshotAsync(ct)).DomainsInUse;

    /// <summary>The countries of the public partner cities, for the filter.</summary>
    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken ct) => (await SnapshotAsync(ct)).Countries;

    /// <summary>The public agreements a public partner city is party to.</summary>
    public async Task<IReadOnlyList<PublicAgreement>> AgreementsOfCityAsync(Guid cityId, CancellationToken ct) =>
        Sorted((await SnapshotAsync(ct)).Agreements.Where(a => a.Cities.Any(c => c.Id == cityId)).OrderBy(_ => 0));

    private static List<PublicAgreement> Sorted(IOrderedEnumerable<PublicAgreement> agreements) =>
        agreements.ThenBy(a => a.SignedOn ?? DateOnly.MaxValue).ThenBy(a => a.Title, StringComparer.CurrentCulture).ToList();

    /// <summary>The current town's public register, from memory when its data has not changed since it was read.</summary>
    public Task<PublicRegisterSnapshot> SnapshotAsync(CancellationToken ct) =>
        cache.GetOrReadAsync(tenantContext.Required.Id, () => ReadAsync(ct));

    private async Task<PublicRegisterSnapshot> ReadAsync(CancellationToken ct)
    {
        var rows = await db.Set<Agreement>().AsNoTracking().Where(a => a.IsPublic)
            .Include(a => a.Parties)
            .Include(a => a.Events)
            .Include(a => a.Domains)
            .AsSplitQuery()
            .ToListAsync(ct);
        var cities = await db.Set<PartnerCity>().AsNoTracking().Where(c => c.IsPublic).ToListAsync(ct);
        var domains = await db.Set<CooperationDomain>().AsNoTracking().ToDictionaryAsync(d => d.Id, ct);
        // One object per city and domain, shared by every agreement that names it.
        var cityById = cities.ToDictionary(c => c.Id);
        var agreements = rows.Select(a => ToPublic(a, cityById, domains)).ToList();
        return new PublicRegisterSnapshot(
            agreements,
            cities,
            agreements.SelectMany(a => a.Domains).Distinct().ToList(),
            cities.Select(c => c.CountryCode).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Parties in alphabetical order whatever the reader's language (French and English sort names alike).</summary>
    private static readonly StringComparer NameOrder = StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, ignoreCase: false);

    private static PublicAgreement ToPublic(Agreement a, Dictionary<Guid, PartnerCity> publicCities, Dictionary<Guid, CooperationDomain> domains) => new(
        a.Id, a.Kind, a.Title, a.SignedOn, a.SignedAt, a.Summary,
        a.Parties.Select(p => publicCities.GetValueOrDefault(p.PartnerCityId)).OfType<PartnerCity>().OrderBy(c => c.Name, NameOrder).ToList(),
        a.Events.OrderBy(e => e.OccurredOn).ToList(),
        a.Domains.Select(d => domains[d.DomainId]).ToList());

    /// <summary>"14 twinned towns": the distinct public cities party to a public twinning oath.</summary>
    public static int TwinnedCities(IEnumerable<PublicAgreement> agreements) =>
        agreements.Where(a => a.Kind == AgreementKind.TwinningOath).SelectMany(a => a.Cities).Select(c => c.Id).Distinct().Count();
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

    public async Task<PublicRegisterSnapshot> GetOrReadAsync(Guid tenantId, Func<Task<PublicRegisterSnapshot>> read)
    {
        if (!versions.CanCache)
        {
            return await read();
        }
        var version = versions.Current(tenantId); // read before reading: a change meanwhile leaves the entry stale, never wrongly fresh
        if (_cache.TryGetValue(tenantId, out Entry? entry) && entry is not null && entry.Version == version)
        {
            return entry.Register;
        }
        var register = await read();
        _cache.Set(tenantId, new Entry(version, register), new MemoryCacheEntryOptions
        {
            Size = 1 + register.Agreements.Count + register.Cities.Count,
            SlidingExpiration = TimeSpan.FromMinutes(30),
        });
        return register;
    }
}

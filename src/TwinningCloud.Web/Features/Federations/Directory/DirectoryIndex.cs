using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>A member town as the directory shows it.</summary>
public sealed record DirectoryMember(TenantInfo Tenant, bool SharesRenewalDates);

/// <summary>What a visitor searches the directory by (all optional).</summary>
public sealed record DirectoryQuery(string? Country, string? City, string? Domain, AgreementKind? Kind, int? Year, int Page = 1)
{
    public bool IsEmpty => Country is null && City is null && Domain is null && Kind is null && Year is null;
}

public sealed record DirectoryResult(
    IReadOnlyList<DirectoryRow> Rows, int Total, int Page, int Pages,
    IReadOnlyList<KeyValuePair<string, int>> ByCountry, IReadOnlyList<KeyValuePair<string, int>> ByDomain,
    IReadOnlyList<DirectoryRow> Pins);

/// <summary>
/// A federation's directory at one set of versions (its members', each member's register): every public
/// partnership of every listed member in one array, sorted by town and partner city, with indexes by country,
/// domain, kind, year and partner city name, so that a search reads only the rows it returns. Never changed
/// once built; a change builds a new one (<see cref="DirectoryCache"/>).
/// </summary>
public sealed class DirectoryIndex
{
    public const int PageSize = 50;
    public const int MaxPins = 2000;

    private readonly Dictionary<string, int[]> _byCountry;
    private readonly Dictionary<string, int[]> _byDomain;
    private readonly Dictionary<AgreementKind, int[]> _byKind;
    private readonly Dictionary<int, int[]> _byYear;
    private readonly (string Name, int[] Rows)[] _cityNames;
    private readonly List<KeyValuePair<string, int>> _allCountries;
    private readonly List<KeyValuePair<string, int>> _allDomains;

    // Each row's attributes as small numbers, so that a search checks and counts rows without hashing strings.
    private readonly string[] _countryKeys;
    private readonly string[] _domainKeys;
    private readonly int[] _countryOf;
    private readonly int[][] _domainsOf;

    // Each criterion's rows as a bit set (one bit a row): a search with several criteria ANDs a few thousand words
    // instead of visiting every row of the shortest list (a row object each: cache misses).
    private readonly Dictionary<string, ulong[]> _countryBits;
    private readonly Dictionary<string, ulong[]> _domainBits;
    private readonly Dictionary<AgreementKind, ulong[]> _kindBits;
    private readonly Dictionary<int, ulong[]> _yearBits;
    private readonly ConcurrentDictionary<string, (List<KeyValuePair<string, int>>, List<KeyValuePair<string, int>>)> _countsByCriterion = new(StringComparer.Ordinal);

    public DirectoryIndex(IReadOnlyList<DirectoryMember> members, IReadOnlyDictionary<Guid, MemberRegister> registers)
    {
        Members = members.ToDictionary(m => m.Tenant.Id);
        var order = members.OrderBy(m => m.Tenant.DisplayName, StringComparer.Create(CultureInfo.GetCultureInfo("fr"), true)).Select(m => m.Tenant.Id).ToList();
        var rows = new List<DirectoryRow>();
        var domains = new Dictionary<string, (string Fr, string En)>(StringComparer.Ordinal);
        foreach (var id in order)
        {
            if (!registers.TryGetValue(id, out var register))
            {
                continue;
            }
            rows.AddRange(register.Rows.OrderBy(r => r.CityName, StringComparer.Ordinal).ThenBy(r => r.Year ?? int.MaxValue).ThenBy(r => r.AgreementId));
            foreach (var (key, names) in register.Domains)
            {
                domains.TryAdd(key, names);
            }
        }
        Rows = rows.ToArray();
        _byCountry = Group(i => [Rows[i].CountryCode]);
        _byDomain = Group(i => Rows[i].DomainKeys);
        _byKind = Rows.Select((r, i) => (r, i)).Where(x => x.r.Kind is not null).GroupBy(x => x.r.Kind!.Value).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray());
        _byYear = Rows.Select((r, i) => (r, i)).Where(x => x.r.Year is not null).GroupBy(x => x.r.Year!.Value).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray());
        _cityNames = Rows.Select((r, i) => (r, i))
            .SelectMany(x => new[] { x.r.CityName, x.r.CityNameFr, x.r.CityNameEn }.OfType<string>().Select(Normalize).Distinct().Select(n => (n, x.i)))
            .GroupBy(x => x.n).Select(g => (g.Key, g.Select(x => x.i).Distinct().ToArray())).ToArray();
        _allCountries = Counted(_byCountry);
        _allDomains = Counted(_byDomain);
        DomainNames = domains;
        Countries = _byCountry.Keys.Order(StringComparer.Ordinal).ToList();
        Years = _byYear.Keys.OrderDescending().ToList();
        DomainKeys = _byDomain.Keys.Order(StringComparer.Ordinal).ToList();
        _countryKeys = [.. Countries];
        _domainKeys = [.. DomainKeys];
        var countryNumber = _countryKeys.Select((k, n) => (k, n)).ToDictionary(x => x.k, x => x.n, StringComparer.Ordinal);
        var domainNumber = _domainKeys.Select((k, n) => (k, n)).ToDictionary(x => x.k, x => x.n, StringComparer.Ordinal);
        _countryOf = Rows.Select(r => countryNumber[r.CountryCode]).ToArray();
        _domainsOf = Rows.Select(r => r.DomainKeys.Distinct().Select(k => domainNumber[k]).ToArray()).ToArray();
        _countryBits = _byCountry.ToDictionary(g => g.Key, g => Bits(g.Value), StringComparer.Ordinal);
        _domainBits = _byDomain.ToDictionary(g => g.Key, g => Bits(g.Value), StringComparer.Ordinal);
        _kindBits = _byKind.ToDictionary(g => g.Key, g => Bits(g.Value));
        _yearBits = _byYear.ToDictionary(g => g.Key, g => Bits(g.Value));
    }

    private ulong[] Bits(int[] rows)
    {
        var bits = new ulong[(Rows.Length + 63) / 64];
        foreach (var row in rows)
        {
            bits[row >> 6] |= 1UL << (row & 63);
        }
        return bits;
    }

    public DirectoryRow[] Rows { get; }
    public IReadOnlyDictionary<Guid, DirectoryMember> Members { get; }
    public IReadOnlyDictionary<string, (string Fr, string En)> DomainNames { get; }
    public IReadOnlyList<string> Countries { get; }
    public IReadOnlyList<int> Years { get; }
    public IReadOnlyList<string> DomainKeys { get; }

    /// <summary>The page's markup parts per reader's language (<see cref="DirectoryHtml"/>), made at the first request in each.</summary>
    internal ConcurrentDictionary<string, DirectoryHtml> Html { get; } = new(StringComparer.Ordinal);

    public DirectoryResult Search(DirectoryQuery query, int pageSize = PageSize, bool pins = true)
    {
        // Each criterion is a sorted list of the rows it keeps and the same rows as a bit set. One criterion: its list.
        // Several: their bit sets ANDed, then the rows of the result in order.
        var lists = new List<int[]>();
        var sets = new List<ulong[]>();
        void Criterion<TKey>(TKey? key, Dictionary<TKey, int[]> rows, Dictionary<TKey, ulong[]> bits) where TKey : notnull
        {
            if (key is null)
            {
                return;
            }
            lists.Add(rows.GetValueOrDefault(key) ?? []);
            sets.Add(bits.GetValueOrDefault(key) ?? new ulong[(Rows.Length + 63) / 64]);
        }
        Criterion(query.Country, _byCountry, _countryBits);
        Criterion(query.Domain, _byDomain, _domainBits);
        if (query.Kind is { } kind)
        {
            Criterion(kind, _byKind, _kindBits);
        }
        if (query.Year is { } year)
        {
            Criterion(year, _byYear, _yearBits);
        }
        if (query.City is { } city)
        {
            var needle = Normalize(city);
            var inCity = new ulong[(Rows.Length + 63) / 64];
            foreach (var (name, rows) in _cityNames)
            {
                if (name.Contains(needle, StringComparison.Ordinal))
                {
                    foreach (var row in rows)
                    {
                        inCity[row >> 6] |= 1UL << (row & 63);
                    }
                }
            }
            lists.Add(RowsOf(inCity));
            sets.Add(inCity);
        }
        IReadOnlyList<int> hits;
        if (lists.Count == 0)
        {
            hits = new AllRows(Rows.Length);
        }
        else if (lists.Count == 1)
        {
            hits = lists[0];
        }
        else
        {
            var kept = (ulong[])sets[0].Clone();
            for (var s = 1; s < sets.Count; s++)
            {
                var other = sets[s];
                for (var w = 0; w < kept.Length; w++)
                {
                    kept[w] &= other[w];
                }
            }
            hits = RowsOf(kept);
        }
        var total = hits.Count;
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        var shown = new List<DirectoryRow>(Math.Min(pageSize, total));
        for (var k = (page - 1) * pageSize; k < Math.Min(total, page * pageSize); k++)
        {
            shown.Add(Rows[hits[k]]);
        }
        List<KeyValuePair<string, int>> byCountry, byDomain;
        if (lists.Count == 0)
        {
            (byCountry, byDomain) = (_allCountries, _allDomains);
        }
        else if (query.City is null && lists.Count == 1 && total > 0)
        {
            // One country, domain, kind or year that the directory holds (total > 0: never a key a visitor made up):
            // its counts are worked out once per index.
            var key = $"{query.Country}|{query.Domain}|{query.Kind}|{query.Year}";
            (byCountry, byDomain) = _countsByCriterion.GetOrAdd(key, _ => Count(hits));
        }
        else
        {
            (byCountry, byDomain) = Count(hits);
        }
        var pinned = new List<DirectoryRow>();
        if (pins)
        {
            var seen = new HashSet<Guid>();
            for (var k = 0; k < total && pinned.Count < MaxPins; k++)
            {
                var row = Rows[hits[k]];
                if (row.Latitude is not null && row.Longitude is not null && seen.Add(row.CityId))
                {
                    pinned.Add(row);
                }
            }
        }
        return new DirectoryResult(shown, total, page, pages, byCountry, byDomain, pinned);
    }

    /// <summary>The rows of a bit set, in order.</summary>
    private static int[] RowsOf(ulong[] bits)
    {
        var count = 0;
        foreach (var word in bits)
        {
            count += System.Numerics.BitOperations.PopCount(word);
        }
        var rows = new int[count];
        var n = 0;
        for (var w = 0; w < bits.Length; w++)
        {
            var word = bits[w];
            while (word != 0)
            {
                rows[n++] = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
        return rows;
    }

    private (List<KeyValuePair<string, int>>, List<KeyValuePair<string, int>>) Count(IReadOnlyList<int> hits)
    {
        var countries = new int[_countryKeys.Length];
        var domainCounts = new int[_domainKeys.Length];
        for (var k = 0; k < hits.Count; k++)
        {
            var i = hits[k];
            countries[_countryOf[i]]++;
            foreach (var d in _domainsOf[i])
            {
                domainCounts[d]++;
            }
        }
        return (Sorted(_countryKeys, countries), Sorted(_domainKeys, domainCounts));
    }

    /// <summary>Every row of a search (exports), at most <paramref name="max"/>.</summary>
    public IReadOnlyList<DirectoryRow> All(DirectoryQuery query, int max) => Search(query with { Page = 1 }, max, pins: false).Rows;

    private Dictionary<string, int[]> Group(Func<int, IEnumerable<string>> keys)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < Rows.Length; i++)
        {
            foreach (var key in keys(i).Distinct())
            {
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = [];
                }
                list.Add(i);
            }
        }
        return groups.ToDictionary(g => g.Key, g => g.Value.ToArray(), StringComparer.Ordinal);
    }

    private static List<KeyValuePair<string, int>> Counted(Dictionary<string, int[]> groups) =>
        Sorted(groups.Select(g => new KeyValuePair<string, int>(g.Key, g.Value.Length)));

    /// <summary>The keys with a count above zero, most first.</summary>
    private static List<KeyValuePair<string, int>> Sorted(string[] keys, int[] counts) =>
        Sorted(keys.Select((k, n) => new KeyValuePair<string, int>(k, counts[n])).Where(c => c.Value > 0));

    private static List<KeyValuePair<string, int>> Sorted(IEnumerable<KeyValuePair<string, int>> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();

    /// <summary>Lower case without accents ("Gênes" → "genes"), for the partner-city search.</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>0..n-1 without an array.</summary>
    private sealed class AllRows(int count) : IReadOnlyList<int>
    {
        public int this[int index] => index;
        public int Count => count;
        public IEnumerator<int> GetEnumerator() => Enumerable.Range(0, count).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

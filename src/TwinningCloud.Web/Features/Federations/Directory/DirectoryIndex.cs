using System.Globalization;
using System.Text;
using TwinningCloud.Web.Features.Agreements;
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
    }

    public DirectoryRow[] Rows { get; }
    public IReadOnlyDictionary<Guid, DirectoryMember> Members { get; }
    public IReadOnlyDictionary<string, (string Fr, string En)> DomainNames { get; }
    public IReadOnlyList<string> Countries { get; }
    public IReadOnlyList<int> Years { get; }
    public IReadOnlyList<string> DomainKeys { get; }

    public DirectoryResult Search(DirectoryQuery query, int pageSize = PageSize, bool pins = true)
    {
        var lists = new List<int[]>();
        if (query.Country is { } country)
        {
            lists.Add(_byCountry.GetValueOrDefault(country) ?? []);
        }
        if (query.Domain is { } domain)
        {
            lists.Add(_byDomain.GetValueOrDefault(domain) ?? []);
        }
        if (query.Kind is { } kind)
        {
            lists.Add(_byKind.GetValueOrDefault(kind) ?? []);
        }
        if (query.Year is { } year)
        {
            lists.Add(_byYear.GetValueOrDefault(year) ?? []);
        }
        if (query.City is { } city)
        {
            var needle = Normalize(city);
            var matched = new HashSet<int>();
            foreach (var (name, rows) in _cityNames)
            {
                if (name.Contains(needle, StringComparison.Ordinal))
                {
                    matched.UnionWith(rows);
                }
            }
            var sorted = matched.ToArray();
            Array.Sort(sorted);
            lists.Add(sorted);
        }
        IReadOnlyList<int> hits;
        if (lists.Count == 0)
        {
            hits = new AllRows(Rows.Length);
        }
        else
        {
            // Every list holds row numbers in ascending order: intersect them by merging, shortest first (no sets per request).
            lists.Sort((a, b) => a.Length.CompareTo(b.Length));
            var result = lists[0];
            foreach (var other in lists.Skip(1))
            {
                result = Intersect(result, other);
            }
            hits = result;
        }
        var total = hits.Count;
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        var shown = new List<DirectoryRow>(pageSize);
        for (var k = (page - 1) * pageSize; k < Math.Min(total, page * pageSize); k++)
        {
            shown.Add(Rows[hits[k]]);
        }
        List<KeyValuePair<string, int>> byCountry, byDomain;
        if (lists.Count == 0)
        {
            (byCountry, byDomain) = (_allCountries, _allDomains);
        }
        else
        {
            var countries = new Dictionary<string, int>(StringComparer.Ordinal);
            var domainCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var i in hits)
            {
                var row = Rows[i];
                countries[row.CountryCode] = countries.GetValueOrDefault(row.CountryCode) + 1;
                foreach (var d in row.DomainKeys)
                {
                    domainCounts[d] = domainCounts.GetValueOrDefault(d) + 1;
                }
            }
            byCountry = Sorted(countries);
            byDomain = Sorted(domainCounts);
        }
        var pinned = new List<DirectoryRow>();
        if (pins)
        {
            var seen = new HashSet<Guid>();
            foreach (var i in hits)
            {
                var row = Rows[i];
                if (row.Latitude is not null && row.Longitude is not null && seen.Add(row.CityId))
                {
                    pinned.Add(row);
                    if (pinned.Count == MaxPins)
                    {
                        break;
                    }
                }
            }
        }
        return new DirectoryResult(shown, total, page, pages, byCountry, byDomain, pinned);
    }

    /// <summary>Every row of a search (exports), at most <paramref name="max"/>.</summary>
    public IReadOnlyList<DirectoryRow> All(DirectoryQuery query, int max) => Search(query with { Page = 1 }, max, pins: false).Rows;

    /// <summary>The row numbers in both ascending lists, ascending.</summary>
    private static int[] Intersect(int[] a, int[] b)
    {
        var both = new List<int>(Math.Min(a.Length, b.Length));
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (a[i] == b[j])
            {
                both.Add(a[i]);
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return [.. both];
    }

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
        Sorted(groups.ToDictionary(g => g.Key, g => g.Value.Length));

    private static List<KeyValuePair<string, int>> Sorted(Dictionary<string, int> counts) =>
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

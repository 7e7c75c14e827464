using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching;

public enum ReasonKind
{
    /// <summary>The candidate has public partnerships in a sought country on a sought domain ("also works on water with Rabat (Morocco)").</summary>
    DomainWithCountry,
    /// <summary>The candidate has public partnerships in a sought country.</summary>
    Country,
    /// <summary>The candidate's public partnerships work on a sought domain (elsewhere).</summary>
    Domain,
    /// <summary>The candidate is itself in a sought country (its published search says where it is).</summary>
    LocatedIn,
    /// <summary>The candidate's published search seeks partners in the seeker's country.</summary>
    SeeksYourCountry,
    /// <summary>The candidate's published search seeks the same domains.</summary>
    SeeksSameDomains,
    /// <summary>The candidate's size is one of the sizes sought (never a reason alone).</summary>
    Size,
}

/// <summary>Why a town is suggested: a kind, the domain and country it is about, and up to three partnerships that show it.</summary>
public sealed record MatchReason(ReasonKind Kind, string? Domain = null, string? Country = null, IReadOnlyList<DirectoryRow>? Rows = null,
    TownSize? Size = null, IReadOnlyList<string>? Domains = null)
{
    public int Score => Kind switch
    {
        ReasonKind.DomainWithCountry => 5,
        ReasonKind.LocatedIn => 4,
        ReasonKind.Country or ReasonKind.SeeksYourCountry => 3,
        ReasonKind.Domain or ReasonKind.SeeksSameDomains => 2,
        _ => 1,
    };
}

public sealed record Suggestion(TenantInfo Town, int Score, IReadOnlyList<MatchReason> Reasons);

/// <summary>
/// Suggests member towns to a town that seeks partners, from public data only: the directory's public partnerships of
/// its listed members (<see cref="DirectoryIndex"/>) and their published searches. A town is suggested when one of its
/// partnerships or its own search fits (the size of town adds to a reason, never makes one); each reason is kept to be
/// shown. Pure: no database, no request.
/// </summary>
public static class PartnerMatcher
{
    public const int RowsPerReason = 3;
    public const int ReasonsOfAKind = 3;

    public static IReadOnlyList<Suggestion> Suggest(
        DirectoryIndex index, Guid seekerId, PartnerSearch seeker, IReadOnlyDictionary<Guid, PartnerSearch> publicSearches, int max)
    {
        var countries = seeker.AllSoughtCountries();
        var domains = seeker.SoughtDomains.ToHashSet(StringComparer.Ordinal);
        var rowsByTown = RowsByTown(index);
        var suggestions = new List<Suggestion>();
        foreach (var (townId, member) in index.Members)
        {
            if (townId == seekerId)
            {
                continue;
            }
            var reasons = new List<MatchReason>();
            var pairs = new Dictionary<(string Domain, string Country), List<DirectoryRow>>();
            var byCountry = new Dictionary<string, List<DirectoryRow>>(StringComparer.Ordinal);
            var byDomain = new Dictionary<string, List<DirectoryRow>>(StringComparer.Ordinal);
            foreach (var row in rowsByTown.TryGetValue(townId, out var rows) ? rows : [])
            {
                var inCountry = countries.Contains(row.CountryCode);
                var shared = row.DomainKeys.Where(domains.Contains).Distinct().ToList();
                if (inCountry)
                {
                    foreach (var d in shared)
                    {
                        Add(pairs, (d, row.CountryCode), row);
                    }
                    Add(byCountry, row.CountryCode, row);
                }
                foreach (var d in shared.Where(_ => !inCountry))
                {
                    Add(byDomain, d, row);
                }
            }
            reasons.AddRange(pairs.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key.Domain, StringComparer.Ordinal).Take(ReasonsOfAKind)
                .Select(p => new MatchReason(ReasonKind.DomainWithCountry, p.Key.Domain, p.Key.Country, Cities(p.Value))));
            reasons.AddRange(byCountry.Where(c => !pairs.Keys.Any(p => p.Country == c.Key)).OrderByDescending(c => c.Value.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Take(ReasonsOfAKind).Select(c => new MatchReason(ReasonKind.Country, Country: c.Key, Rows: Cities(c.Value))));
            reasons.AddRange(byDomain.Where(d => !pairs.Keys.Any(p => p.Domain == d.Key)).OrderByDescending(d => d.Value.Count).ThenBy(d => d.Key, StringComparer.Ordinal)
                .Take(ReasonsOfAKind).Select(d => new MatchReason(ReasonKind.Domain, d.Key, Rows: Cities(d.Value))));
            if (publicSearches.TryGetValue(townId, out var theirs))
            {
                if (theirs.OwnCountryCode is { } where && countries.Contains(where))
                {
                    reasons.Add(new MatchReason(ReasonKind.LocatedIn, Country: where));
                }
                if (seeker.OwnCountryCode is { } mine && theirs.AllSoughtCountries().Contains(mine))
                {
                    reasons.Add(new MatchReason(ReasonKind.SeeksYourCountry, Country: mine));
                }
                var sameDomains = theirs.SoughtDomains.Where(domains.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
                if (sameDomains.Count > 0)
                {
                    reasons.Add(new MatchReason(ReasonKind.SeeksSameDomains, Domains: sameDomains));
                }
                if (reasons.Count > 0 && theirs.OwnSize is { } size && seeker.SoughtSizes.Contains(size))
                {
                    reasons.Add(new MatchReason(ReasonKind.Size, Size: size));
                }
            }
            if (reasons.Count > 0)
            {
                suggestions.Add(new Suggestion(member.Tenant, reasons.Sum(r => r.Score), reasons.OrderByDescending(r => r.Score).ToList()));
            }
        }
        return suggestions.OrderByDescending(s => s.Score).ThenBy(s => s.Town.DisplayName, StringComparer.CurrentCulture).Take(max).ToList();
    }

    private static void Add<TKey>(Dictionary<TKey, List<DirectoryRow>> groups, TKey key, DirectoryRow row) where TKey : notnull
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }
        list.Add(row);
    }

    /// <summary>Up to three partnerships, one per partner city.</summary>
    private static List<DirectoryRow> Cities(List<DirectoryRow> rows) => rows.DistinctBy(r => r.CityId).Take(RowsPerReason).ToList();

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DirectoryIndex, Dictionary<Guid, DirectoryRow[]>> Grouped = [];

    /// <summary>The index's rows by town, worked out once per index (an index never changes).</summary>
    private static Dictionary<Guid, DirectoryRow[]> RowsByTown(DirectoryIndex index) =>
        Grouped.GetValue(index, i => i.Rows.GroupBy(r => r.TenantId).ToDictionary(g => g.Key, g => g.ToArray()));
}

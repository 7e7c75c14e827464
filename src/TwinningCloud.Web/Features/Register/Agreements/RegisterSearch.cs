using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.PartnerCities;

namespace TwinningCloud.Web.Features.Register.Agreements;

/// <summary>Search, filters and sort of the partner city list (staff page and API).</summary>
public sealed class PartnerCityFilter
{
    public string? Q { get; set; }
    public string? Country { get; set; }
    /// <summary>name (default), country, population; a leading '-' reverses.</summary>
    public string? Sort { get; set; }
}

/// <summary>Search, filters and sort of the agreement list (staff page and API).</summary>
public sealed class AgreementFilter
{
    public string? Q { get; set; }
    /// <summary>ISO code of the country of one of the parties.</summary>
    public string? Country { get; set; }
    /// <summary>Key of a cooperation domain.</summary>
    public string? Domain { get; set; }
    public string? Kind { get; set; }
    public string? Status { get; set; }
    public int? Year { get; set; }
    /// <summary>signed (default, newest first), title, review; a leading '-' reverses.</summary>
    public string? Sort { get; set; }
}

/// <summary>
/// One page of a list: the one envelope of the API's lists (<c>{ items, page, pageSize, total }</c>) and of the staff list pages.
/// </summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    /// <summary>How many pages there are (at least one); for the pager, not sent by the API.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The same page with its items mapped (entities to the API's records).</summary>
    public Paged<TOut> Select<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), Page, PageSize, Total);
}

public static class RegisterSearch
{
    public const int MaxPageSize = 200;

    public static (int Page, int PageSize) Clamp(int? page, int? pageSize, int defaultSize) =>
        (Math.Clamp(page ?? 1, 1, TwinningCloud.Web.Platform.Web.RequestInputGuard.MaxPage), Math.Clamp(pageSize ?? defaultSize, 1, MaxPageSize));

    public static IQueryable<PartnerCity> Apply(this IQueryable<PartnerCity> cities, PartnerCityFilter f)
    {
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var pattern = Like(f.Q);
#pragma warning disable CA1304, CA1311 // EF translates ToLower() to SQL lower(): the database folds case, not .NET's culture (ToLowerInvariant has no translation)
            cities = cities.Where(c => EF.Functions.Like(c.Name.ToLower(), pattern, "\\") || (c.LocalName != null && EF.Functions.Like(c.LocalName.ToLower(), pattern, "\\")));
#pragma warning restore CA1304, CA1311
        }
        if (!string.IsNullOrWhiteSpace(f.Country))
        {
            var country = f.Country.Trim().ToUpperInvariant();
            cities = cities.Where(c => c.CountryCode == country);
        }
        var (key, descending) = SortKey(f.Sort, "name");
        return key switch
        {
            "country" => descending ? cities.OrderByDescending(c => c.CountryCode).ThenBy(c => c.Name) : cities.OrderBy(c => c.CountryCode).ThenBy(c => c.Name),
            "population" => descending ? cities.OrderByDescending(c => c.Population).ThenBy(c => c.Name) : cities.OrderBy(c => c.Population).ThenBy(c => c.Name),
            _ => descending ? cities.OrderByDescending(c => c.Name) : cities.OrderBy(c => c.Name),
        };
    }

    public static IQueryable<Agreement> Apply(this IQueryable<Agreement> agreements, AgreementFilter f)
    {
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var pattern = Like(f.Q);
#pragma warning disable CA1304, CA1311 // EF translates ToLower() to SQL lower(): the database folds case, not .NET's culture (ToLowerInvariant has no translation)
            agreements = agreements.Where(a => EF.Functions.Like(a.Title.ToLower(), pattern, "\\")
                || a.Parties.Any(p => EF.Functions.Like(p.PartnerCity!.Name.ToLower(), pattern, "\\")));
#pragma warning restore CA1304, CA1311
        }
        if (!string.IsNullOrWhiteSpace(f.Country))
        {
            var country = f.Country.Trim().ToUpperInvariant();
            agreements = agreements.Where(a => a.Parties.Any(p => p.PartnerCity!.CountryCode == country));
        }
        if (!string.IsNullOrWhiteSpace(f.Domain))
        {
            var domain = f.Domain.Trim();
            agreements = agreements.Where(a => a.Domains.Any(d => d.Domain!.Key == domain));
        }
        if (Enum.TryParse<AgreementKind>(f.Kind, ignoreCase: true, out var kind))
        {
            agreements = agreements.Where(a => a.Kind == kind);
        }
        if (Enum.TryParse<AgreementStatus>(f.Status, ignoreCase: true, out var status))
        {
            agreements = agreements.Where(a => a.Status == status);
        }
        if (f.Year is { } year and > 0 and < 10000)
        {
            var from = new DateOnly(year, 1, 1);
            var to = new DateOnly(year, 12, 31);
            agreements = agreements.Where(a => a.SignedOn >= from && a.SignedOn <= to);
        }
        var (key, descending) = SortKey(f.Sort, "signed");
        return key switch
        {
            "title" => descending ? agreements.OrderByDescending(a => a.Title) : agreements.OrderBy(a => a.Title),
            "review" => descending ? agreements.OrderByDescending(a => a.NextReviewOn).ThenBy(a => a.Title) : agreements.OrderBy(a => a.NextReviewOn == null).ThenBy(a => a.NextReviewOn).ThenBy(a => a.Title),
            // Signed: newest first by default.
            _ => descending ? agreements.OrderBy(a => a.SignedOn == null).ThenBy(a => a.SignedOn).ThenBy(a => a.Title) : agreements.OrderBy(a => a.SignedOn == null).ThenByDescending(a => a.SignedOn).ThenBy(a => a.Title),
        };
    }

    public static async Task<Paged<T>> PageAsync<T>(this IQueryable<T> query, int page, int pageSize, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var skip = (long)(page - 1) * pageSize; // never overflows: a page past the end is empty
        var items = skip > int.MaxValue ? [] : await query.Skip((int)skip).Take(pageSize).ToListAsync(ct);
        return new Paged<T>(items, page, pageSize, total);
    }

    private static (string Key, bool Descending) SortKey(string? sort, string fallback)
    {
        var s = (sort ?? string.Empty).Trim().ToLowerInvariant();
        var descending = s.StartsWith('-');
        return (descending ? s[1..] : s.Length == 0 ? fallback : s, descending);
    }

    private static string Like(string q) =>
        "%" + q.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}

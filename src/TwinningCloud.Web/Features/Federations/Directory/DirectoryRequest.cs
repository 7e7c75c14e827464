using System.Globalization;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>The directory's query string, read and checked once (pages and exports): anything unusable is left out, never an error.</summary>
public static class DirectoryRequest
{
    public const int MaxCityLength = 100;

    public static DirectoryQuery Read(IQueryCollection query)
    {
        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        var country = Text(query["country"])?.ToUpperInvariant();
        var city = Text(query["city"]);
        var kind = Enum.TryParse<AgreementKind>(Text(query["kind"]), ignoreCase: false, out var k) && Enum.IsDefined(k) ? k : (AgreementKind?)null;
        var year = int.TryParse(Text(query["year"]), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1000 and <= 3000 ? y : (int?)null;
        var page = int.TryParse(Text(query["page"]), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 1_000_000 ? p : 1;
        return new DirectoryQuery(
            country is { Length: 2 } ? country : null,
            city is null ? null : city.Length > MaxCityLength ? city[..MaxCityLength] : city,
            Text(query["domain"]) is { Length: <= 100 } domain ? domain : null,
            kind, year, page);
    }

    /// <summary>The query string of <paramref name="query"/> (without the page unless given), for links and exports.</summary>
    public static string QueryString(DirectoryQuery query, int? page = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }
        Add("country", query.Country);
        Add("city", query.City);
        Add("domain", query.Domain);
        Add("kind", query.Kind?.ToString());
        Add("year", query.Year?.ToString(CultureInfo.InvariantCulture));
        Add("page", page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null);
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    /// <summary>A partner city's name in the reader's language (its town's language for the main name).</summary>
    public static LocalizedText CityName(DirectoryRow row, TenantInfo? town) =>
        ContentLanguage.Pick(row.CityName, row.CityNameFr, row.CityNameEn, town?.DefaultCulture ?? SupportedCultures.French);

    public static LocalizedText? Title(DirectoryRow row, TenantInfo? town) =>
        row.Title is null ? null : ContentLanguage.Pick(row.Title, row.TitleFr, row.TitleEn, town?.DefaultCulture ?? SupportedCultures.French);

    public static string DomainName(DirectoryIndex index, string key) =>
        index.DomainNames.TryGetValue(key, out var names) ? (ContentLanguage.Reader == SupportedCultures.English ? names.En : names.Fr) : key;
}

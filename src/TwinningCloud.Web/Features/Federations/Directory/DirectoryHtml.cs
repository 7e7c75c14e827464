using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>
/// The repeated markup of the directory page (the search form's options, the result rows, the counts), written as
/// plain strings instead of Razor expressions and tag helpers, from parts encoded once per index and language:
/// country, domain and kind names, each member town's cells (its site and name). The same markup the page wrote
/// before (same encoder, same <c>lang</c> marks), so the page stays as it was, only cheaper (issue #13's benchmark).
/// </summary>
public sealed class DirectoryHtml
{
    private readonly DirectoryIndex _index;
    private readonly string _origin;
    private readonly PublicOrigin _publicOrigin;
    private readonly HtmlEncoder _encoder;
    private readonly Dictionary<string, string> _countryNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _domainNames = new(StringComparer.Ordinal);
    private readonly string[] _kindNames;
    private readonly string[] _kindOptionValues;
    private readonly (string Code, string Html)[] _countryOptionList;
    private readonly (string Key, string Html)[] _domainOptionList;
    private readonly string _ended;
    private readonly ConcurrentDictionary<Guid, (string TownCell, string CityHrefStart, string TownLanguage)> _towns = new();

    /// <summary>Made in a request in <paramref name="language"/> (its current UI culture), whose words it keeps.</summary>
    private DirectoryHtml(DirectoryIndex index, string language, PublicOrigin origin, HtmlEncoder encoder, Texts texts, Countries countries)
    {
        _index = index;
        _publicOrigin = origin;
        _origin = origin.Value;
        _encoder = encoder;
        var culture = SupportedCultures.Culture(language);
        foreach (var code in index.Countries)
        {
            _countryNames[code] = encoder.Encode(countries.NameOf(code));
        }
        foreach (var key in index.DomainKeys)
        {
            _domainNames[key] = encoder.Encode(DomainName(index, key, language));
        }
        var kinds = Enum.GetValues<AgreementKind>();
        _kindNames = new string[kinds.Max(k => (int)k) + 1];
        _kindOptionValues = new string[_kindNames.Length];
        foreach (var kind in kinds)
        {
            _kindNames[(int)kind] = encoder.Encode(texts.Get($"agreements.kind.{kind}", culture));
            _kindOptionValues[(int)kind] = encoder.Encode(kind.ToString());
        }
        var comparer = StringComparer.Create(culture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace);
        _countryOptionList = index.Countries
            .Select(c => (Code: c.ToUpperInvariant(), Name: countries.NameOf(c))).OrderBy(c => c.Name, comparer)
            .Select(c => (c.Code, $"<option value=\"{encoder.Encode(c.Code)}\"")).ToArray();
        var domainComparer = StringComparer.Create(culture, CompareOptions.None);
        _domainOptionList = index.DomainKeys.OrderBy(k => DomainName(index, k, language), domainComparer)
            .Select(k => (k, $"<option value=\"{encoder.Encode(k)}\"")).ToArray();
        _ended = $"<span class=\"badge\">{encoder.Encode(texts.Get("federations.directory.ended", culture))}</span>";
    }

    /// <summary>The markup parts of <paramref name="index"/> in the reader's language (made once, kept with the index).</summary>
    public static DirectoryHtml For(DirectoryIndex index, PublicOrigin origin, HtmlEncoder encoder, Texts texts, Countries countries)
    {
        var language = ContentLanguage.Reader;
        if (index.Html.TryGetValue(language, out var html) && ReferenceEquals(html._encoder, encoder) && ReferenceEquals(html._publicOrigin, origin)
            && string.Equals(html._origin, origin.Value, StringComparison.Ordinal))
        {
            return html;
        }
        html = new DirectoryHtml(index, language, origin, encoder, texts, countries);
        index.Html[language] = html;
        return html;
    }

    private static string DomainName(DirectoryIndex index, string key, string language) =>
        index.DomainNames.TryGetValue(key, out var names) ? (language == SupportedCultures.English ? names.En : names.Fr) : key;

    private string CountryName(string code) => _countryNames.TryGetValue(code, out var name) ? name : _encoder.Encode(code);

    private string DomainHtml(string key) => _domainNames.TryGetValue(key, out var name) ? name : _encoder.Encode(key);

    public IHtmlContent CountryOptions(string? selected) => Options(_countryOptionList, selected, CountryName);

    public IHtmlContent DomainOptions(string? selected) => Options(_domainOptionList, selected, DomainHtml);

    public IHtmlContent KindOptions(AgreementKind? selected)
    {
        var html = new StringBuilder(512);
        foreach (var kind in Enum.GetValues<AgreementKind>())
        {
            Option(html, $"<option value=\"{_kindOptionValues[(int)kind]}\"", selected == kind, _kindNames[(int)kind]);
        }
        return new HtmlString(html.ToString());
    }

    public IHtmlContent YearOptions(int? selected)
    {
        var html = new StringBuilder(64 * _index.Years.Count);
        foreach (var year in _index.Years)
        {
            var text = year.ToString(CultureInfo.InvariantCulture);
            Option(html, $"<option value=\"{text}\"", selected == year, text);
        }
        return new HtmlString(html.ToString());
    }

    private static HtmlString Options((string Value, string Start)[] options, string? selected, Func<string, string> name)
    {
        var html = new StringBuilder(64 * options.Length);
        foreach (var (value, start) in options)
        {
            Option(html, start, string.Equals(selected, value, StringComparison.Ordinal), name(value));
        }
        return new HtmlString(html.ToString());
    }

    private static void Option(StringBuilder html, string start, bool selected, string name)
    {
        html.Append("\n                    ").Append(start);
        if (selected)
        {
            html.Append(" selected=\"selected\"");
        }
        html.Append('>').Append(name).Append("</option>");
    }

    /// <summary>The rows of the result table (<c>tr</c> elements).</summary>
    public IHtmlContent Rows(IReadOnlyList<DirectoryRow> rows)
    {
        var html = new StringBuilder(600 * rows.Count);
        using var writer = new StringWriter(html, CultureInfo.InvariantCulture);
        foreach (var row in rows)
        {
            var (townCell, cityHrefStart, townLanguage) = Town(row.TenantId);
            html.Append("\n                <tr>\n                    ").Append(townCell)
                .Append("\n                    <td><a href=\"").Append(cityHrefStart);
            if (row.CitySlug is not null)
            {
                _encoder.Encode(writer, row.CitySlug);
            }
            html.Append("\">");
            ContentLanguage.Pick(row.CityName, row.CityNameFr, row.CityNameEn, townLanguage).WriteTo(writer, _encoder);
            html.Append("</a></td>\n                    <td>").Append(CountryName(row.CountryCode)).Append("</td>\n                    <td>");
            if (row.Title is null)
            {
                html.Append('—');
            }
            else
            {
                ContentLanguage.Pick(row.Title, row.TitleFr, row.TitleEn, townLanguage).WriteTo(writer, _encoder);
            }
            if (row.Ended)
            {
                html.Append(_ended);
            }
            html.Append("</td>\n                    <td>").Append(row.Kind is { } kind ? _kindNames[(int)kind] : "—")
                .Append("</td>\n                    <td>");
            if (row.Year is { } year)
            {
                html.Append(year.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                html.Append('—');
            }
            html.Append("</td>\n                    <td>");
            for (var k = 0; k < row.DomainKeys.Count; k++)
            {
                if (k > 0)
                {
                    html.Append(", ");
                }
                html.Append(DomainHtml(row.DomainKeys[k]));
            }
            html.Append("</td>\n                </tr>");
        }
        return new HtmlString(html.ToString());
    }

    /// <summary>The items (<c>li</c>) of the counts by country.</summary>
    public IHtmlContent CountryCounts(IReadOnlyList<KeyValuePair<string, int>> counts) => Counts(counts, CountryName);

    /// <summary>The items (<c>li</c>) of the counts by domain.</summary>
    public IHtmlContent DomainCounts(IReadOnlyList<KeyValuePair<string, int>> counts) => Counts(counts, DomainHtml);

    private static HtmlString Counts(IReadOnlyList<KeyValuePair<string, int>> counts, Func<string, string> name)
    {
        var html = new StringBuilder(2048);
        for (var k = 0; k < counts.Count && k < 30; k++)
        {
            html.Append("\n            <li>").Append(name(counts[k].Key)).Append(": ")
                .Append(counts[k].Value.ToString(CultureInfo.InvariantCulture)).Append("</li>");
        }
        return new HtmlString(html.ToString());
    }

    /// <summary>A member town's first cell and the start of its partner cities' links, encoded once.</summary>
    private (string TownCell, string CityHrefStart, string TownLanguage) Town(Guid tenantId) =>
        _towns.GetOrAdd(tenantId, id =>
        {
            var town = _index.Members.TryGetValue(id, out var m) ? m.Tenant : null;
            var site = _encoder.Encode(town is null ? _origin : _publicOrigin.Of(town));
            return ($"<td><a href=\"{site}/\">{(town is null ? string.Empty : _encoder.Encode(town.DisplayName))}</a></td>",
                site + "/partner-cities/", town?.DefaultCulture ?? SupportedCultures.French);
        });
}

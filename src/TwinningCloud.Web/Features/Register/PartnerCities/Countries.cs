using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace TwinningCloud.Web.Features.Register.PartnerCities;

/// <summary>Country names in French and English by ISO 3166-1 alpha-2 code (Resources/countries.json).</summary>
public sealed class Countries
{
    private readonly FrozenDictionary<string, Dictionary<string, string>> _names;

    public Countries()
    {
        using var stream = typeof(Countries).Assembly.GetManifestResourceStream("TwinningCloud.Web.Resources.countries.json")
            ?? throw new InvalidOperationException("countries.json is not embedded.");
        _names = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)!.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public bool IsKnown(string? code) => code is not null && _names.ContainsKey(code);

    /// <summary>Every country (code, name in the reader's language), sorted by that name as the reader's language sorts.</summary>
    public IReadOnlyList<(string Code, string Name)> Sorted() => Sorted(_names.Keys);

    /// <summary>The given codes with their names in the reader's language, sorted by name.</summary>
    public IReadOnlyList<(string Code, string Name)> Sorted(IEnumerable<string> codes)
    {
        var comparer = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace);
        return codes.Select(c => (Code: c.ToUpperInvariant(), Name: NameOf(c))).OrderBy(c => c.Name, comparer).ToList();
    }

    public string NameOf(string code) =>
        _names.TryGetValue(code, out var names)
            ? names.GetValueOrDefault(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) ?? names["en"]
            : code;
}

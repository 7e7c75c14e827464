using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace TwinningCloud.Web.Platform.Localization;

/// <summary>
/// The product's words in French and English, from <c>Resources/texts[.{area}].{culture}.json</c> (the core) and
/// each module's own <c>Features/**/texts[.{area}].{culture}.json</c> (all embedded; a key lives in one file only).
/// <c>T["key"]</c> answers in the current UI culture; <c>T["key", arg]</c> formats. A missing key
/// shows as <c>[key]</c> and a test fails on it (both files must hold the same keys).
/// </summary>
public sealed class Texts
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byCulture;

    public Texts()
    {
        _byCulture = SupportedCultures.All.ToFrozenDictionary(c => c, Load);
    }

    public string this[string key] => Get(key, CultureInfo.CurrentUICulture);

    public string this[string key, params object?[] args] => string.Format(CultureInfo.CurrentCulture, Get(key, CultureInfo.CurrentUICulture), args);

    public string Get(string key, CultureInfo culture)
    {
        var language = SupportedCultures.IsSupported(culture.TwoLetterISOLanguageName) ? culture.TwoLetterISOLanguageName : SupportedCultures.English;
        return _byCulture[language].TryGetValue(key, out var text) ? text : $"[{key}]";
    }

    /// <summary>
    /// A count with the right plural form: <c>{key}.one</c> for the singular (French: 0 and 1; English: 1) when
    /// it exists, else <c>{key}</c> (the plural). The count is <c>{0}</c>, <paramref name="more"/> follow.
    /// </summary>
    public string Plural(string key, long count, params object?[] more)
    {
        var culture = CultureInfo.CurrentUICulture;
        var language = SupportedCultures.IsSupported(culture.TwoLetterISOLanguageName) ? culture.TwoLetterISOLanguageName : SupportedCultures.English;
        var singular = language == SupportedCultures.French ? count is 0 or 1 : count == 1;
        var chosen = singular && _byCulture[language].ContainsKey(key + ".one") ? key + ".one" : key;
        return string.Format(CultureInfo.CurrentCulture, Get(chosen, culture), [count, .. more]);
    }

    public IReadOnlyCollection<string> KeysOf(string culture) => _byCulture[culture].Keys;

    /// <summary>
    /// An embedded texts file of <paramref name="culture"/>: the core's <c>Resources/texts[.area].{culture}.json</c>
    /// or a module's <c>Features/**/texts[.area].{culture}.json</c> (embedded by one glob of the project file).
    /// </summary>
    private static bool IsTextsOf(string resourceName, string culture) =>
        resourceName.Contains(".texts.", StringComparison.Ordinal) && resourceName.EndsWith($".{culture}.json", StringComparison.Ordinal);

    private static FrozenDictionary<string, string> Load(string culture)
    {
        var assembly = typeof(Texts).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => IsTextsOf(n, culture))
            .Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"No embedded texts for '{culture}'.");
        }
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var (key, text) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!)
            {
                if (!all.TryAdd(key, text))
                {
                    throw new InvalidOperationException($"Text '{key}' is defined twice ({name}).");
                }
            }
        }
        return all.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

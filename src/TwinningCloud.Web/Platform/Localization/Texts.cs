using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace TwinningCloud.Web.Platform.Localization;

/// <summary>
/// The product's words in French and English, from <c>Resources/texts.{culture}.json</c> (embedded).
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

    public IReadOnlyCollection<string> KeysOf(string culture) => _byCulture[culture].Keys;

    private static FrozenDictionary<string, string> Load(string culture)
    {
        var name = $"TwinningCloud.Web.Resources.texts.{culture}.json";
        using var stream = typeof(Texts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

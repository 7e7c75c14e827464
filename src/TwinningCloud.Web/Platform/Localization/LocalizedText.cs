using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Localization;

/// <summary>
/// A text of the content (a city's name, an agreement's title) with the language it is written in. Rendered
/// in a page, a text in another language than the reader's is wrapped in <c>&lt;span lang="fr"&gt;</c> so that
/// screen readers pronounce it right; <see cref="ToString"/> is the plain text (attributes, sorting).
/// </summary>
public readonly record struct LocalizedText(string Text, string? Lang) : IHtmlContent
{
    public bool IsFallback => Lang is not null && !string.Equals(Lang, ContentLanguage.Reader, StringComparison.Ordinal);

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (IsFallback)
        {
            writer.Write("<span lang=\"");
            writer.Write(encoder.Encode(Lang!));
            writer.Write("\">");
            encoder.Encode(writer, Text);
            writer.Write("</span>");
        }
        else
        {
            encoder.Encode(writer, Text);
        }
    }

    public override string ToString() => Text;
}

/// <summary>
/// Picks the content text in the reader's language: the text written in that language, else the other
/// language's (marked with its <c>lang</c>). The main field (a city's <c>Name</c>) is in the town's
/// default language and stands in when neither translation is given.
/// </summary>
public static class ContentLanguage
{
    /// <summary>The reader's language ("fr", "en"): the current UI culture's.</summary>
    public static string Reader => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    /// <summary>The language the town writes its main fields in (its default language).</summary>
    public static string Town(TenantContext? tenant) => tenant?.Current?.DefaultCulture is { } c && SupportedCultures.IsSupported(c) ? c : SupportedCultures.French;

    /// <summary>The text for the reader: the one written in the reader's language (<paramref name="fr"/> or <paramref name="en"/>), else <paramref name="main"/> (in <paramref name="townLanguage"/>).</summary>
    public static LocalizedText Pick(string main, string? fr, string? en, string townLanguage)
    {
        var reader = Reader;
        var own = reader == SupportedCultures.English ? en : reader == SupportedCultures.French ? fr : null;
        return string.IsNullOrWhiteSpace(own) ? new LocalizedText(main, townLanguage) : new LocalizedText(own, reader);
    }

    /// <summary>The same, for an optional text (a summary): null when there is none in any language.</summary>
    public static LocalizedText? PickOptional(string? main, string? fr, string? en, string townLanguage)
    {
        var reader = Reader;
        var own = reader == SupportedCultures.English ? en : reader == SupportedCultures.French ? fr : null;
        if (!string.IsNullOrWhiteSpace(own))
        {
            return new LocalizedText(own, reader);
        }
        if (!string.IsNullOrWhiteSpace(main))
        {
            return new LocalizedText(main, townLanguage);
        }
        var other = reader == SupportedCultures.English ? fr : en;
        return string.IsNullOrWhiteSpace(other) ? null : new LocalizedText(other, reader == SupportedCultures.English ? SupportedCultures.French : SupportedCultures.English);
    }
}

namespace TwinningCloud.Web.Platform.Web;

/// <summary>
/// The rule for text typed by people: a single-line field (a name, a title, an address…) holds no control
/// character at all — no CR or LF (they break mail subjects and CSV lines), no NUL (PostgreSQL refuses it), no
/// tab, no Unicode line or paragraph separator; a multi-line field (notes, summaries) may hold line breaks and
/// tabs, nothing else of the kind.
/// </summary>
public static class SingleLineText
{
    public static bool HasControlCharacters(string? value)
    {
        if (value is null)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Fields of more than 500 characters are multi-line (notes, summaries, working groups); the others are one line (names, titles, addresses).</summary>
    public const int MaxSingleLineLength = 500;

    /// <summary>Whether <paramref name="value"/> breaks the rule of a field of <paramref name="maxLength"/> characters.</summary>
    public static bool IsRefused(string? value, int maxLength) =>
        maxLength <= MaxSingleLineLength ? HasControlCharacters(value) : HasControlCharactersBesidesLineBreaks(value);

    /// <summary>The text key of the error for a field of <paramref name="maxLength"/> characters.</summary>
    public static string ErrorKey(int maxLength) =>
        maxLength <= MaxSingleLineLength ? "field.error.control-characters" : "field.error.control-characters-multiline";

    /// <summary>For multi-line fields: control characters other than CR, LF and tab.</summary>
    public static bool HasControlCharactersBesidesLineBreaks(string? value)
    {
        if (value is null)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
            {
                return true;
            }
        }
        return false;
    }
}

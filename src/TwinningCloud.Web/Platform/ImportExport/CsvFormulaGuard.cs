using System.Text.RegularExpressions;

namespace TwinningCloud.Web.Platform.ImportExport;

/// <summary>
/// Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, tab or carriage return is a formula to Excel or LibreOffice, so an editor could make the admin who
/// opens an export run one. The export writes such a cell with a leading apostrophe (shown as text); the import
/// takes it off, so that export → import gives back every value. A value that already starts with an apostrophe
/// followed by one of those characters (or by another apostrophe) gets one more, so the rule is reversible;
/// other apostrophes (<c>'s-Hertogenbosch</c>) are left alone, and plain numbers (<c>-3.7</c>) are not formulas.
/// </summary>
public static partial class CsvFormulaGuard
{
    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The cell as the export writes it.</summary>
    public static string Neutralise(string value)
    {
        if (value.Length == 0 || PlainNumber().IsMatch(value))
        {
            return value;
        }
        var needs = IsTrigger(value[0]) || (value[0] == '\'' && value.Length > 1 && (IsTrigger(value[1]) || value[1] == '\''));
        return needs ? "'" + value : value;
    }

    /// <summary>The value of a cell the export wrote (and of any other cell: only the export's own prefix is taken off).</summary>
    public static string Restore(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && (IsTrigger(cell[1]) || cell[1] == '\'') ? cell[1..] : cell;

    [GeneratedRegex(@"^[+-]?[0-9]+(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}

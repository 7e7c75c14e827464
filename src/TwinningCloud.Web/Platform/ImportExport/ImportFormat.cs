using System.Globalization;
using System.Text;

namespace TwinningCloud.Web.Platform.ImportExport;

/// <summary>One record of an import file, with the line it starts on (CSV and JSON alike), not yet validated.</summary>
public sealed class ImportRecord(RecordKind kind, int line)
{
    public RecordKind Kind { get; } = kind;
    public int Line { get; } = line;
    public Dictionary<string, string?> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The items of the record's list columns, each as its parts' values (<see cref="ListColumn"/>).</summary>
    public Dictionary<string, List<string?[]>> Lists { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string?[]> List(string column) => Lists.GetValueOrDefault(column) ?? [];

    internal void AddItem(string column, string?[] item) => (Lists.TryGetValue(column, out var items) ? items : Lists[column] = []).Add(item);
}

/// <summary>A bad line: where (line, field), and why (a text key of the ImportExport area, and its arguments).</summary>
public sealed record ImportError(int Line, string Field, string ReasonKey, params object?[] Args);

internal sealed class ParsedFile
{
    public List<ImportRecord> Records { get; } = [];
    public List<ImportError> Errors { get; } = [];
}

/// <summary>
/// The town's file format (see README.md in <c>Features/Register/Outputs</c>): columns and JSON properties in English,
/// snake_case; enumerations in kebab-case; dates ISO 8601; numbers in the invariant culture (dot decimals).
/// </summary>
public static class ImportFormat
{
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>Records (of every kind together) in one import file.</summary>
    public const int MaxRecords = 5_000;

    /// <summary>Enum value as written in files: <c>TwinningOath</c> → <c>twinning-oath</c>.</summary>
    public static string Slug<TEnum>(TEnum value)
        where TEnum : struct, Enum => Separated(value.ToString(), '-');

    /// <summary>A PascalCase name in lower case, its words separated: (<c>SinceYear</c>, '_') → <c>since_year</c>.</summary>
    public static string Separated(string name, char separator)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append(separator);
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    public static bool TryParseSlug<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Slug(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string Slugs<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(Slug));

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

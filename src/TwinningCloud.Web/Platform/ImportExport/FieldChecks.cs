using System.Globalization;
using System.Numerics;

namespace TwinningCloud.Web.Platform.ImportExport;

/// <summary>
/// Reads one record's cells into typed values (text → number, date, boolean, enumeration), adding an
/// <see cref="ImportError"/> (line, field, reason) for each cell that does not parse. Parsing only: what a value
/// may be (ranges, lengths, required fields) is the editors' rule, the same for the form, the API and the import.
/// </summary>
public sealed class FieldChecks(ImportRecord record, List<ImportError> errors)
{
    public int Line => record.Line;

    public void Fail(string field, string reasonKey, params object?[] args) => errors.Add(new ImportError(record.Line, field, reasonKey, args));

    /// <summary>A cell's text as written (null when empty); its rules (required, length, characters) are the editor's.</summary>
    public string? Text(string field) => record.Fields.GetValueOrDefault(field);

    public long? LongNumber(string field) => Number<long>(field, NumberStyles.AllowLeadingSign, "importexport.error.not-an-integer");

    public int? IntNumber(string field) => Number<int>(field, NumberStyles.AllowLeadingSign, "importexport.error.not-an-integer");

    public decimal? DecimalNumber(string field) => Number<decimal>(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, "importexport.error.not-a-number");

    public double? DoubleNumber(string field) => Number<double>(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, "importexport.error.not-a-number");

    private T? Number<T>(string field, NumberStyles styles, string reasonKey)
        where T : struct, INumber<T>
    {
        var value = record.Fields.GetValueOrDefault(field);
        if (value is null)
        {
            return null;
        }
        if (!T.TryParse(value, styles, CultureInfo.InvariantCulture, out var number))
        {
            Fail(field, reasonKey, value);
            return null;
        }
        return number;
    }

    public DateOnly? Date(string field)
    {
        var value = record.Fields.GetValueOrDefault(field);
        if (value is null)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Fail(field, "importexport.error.not-a-date", value);
            return null;
        }
        return date;
    }

    public bool Bool(string field, bool defaultValue)
    {
        var value = record.Fields.GetValueOrDefault(field);
        switch (value?.ToLowerInvariant())
        {
            case null: return defaultValue;
            case "true" or "yes" or "1": return true;
            case "false" or "no" or "0": return false;
            default:
                Fail(field, "importexport.error.not-a-boolean", value);
                return defaultValue;
        }
    }

    /// <summary>A value of the enumeration by its slug ("twinning-oath"); <paramref name="defaultValue"/> when the cell is empty, null when it is not a slug.</summary>
    public TEnum? Enum<TEnum>(string field, TEnum? defaultValue)
        where TEnum : struct, Enum
    {
        var value = record.Fields.GetValueOrDefault(field);
        if (value is null)
        {
            return defaultValue;
        }
        if (!ImportFormat.TryParseSlug<TEnum>(value, out var parsed))
        {
            Fail(field, "importexport.error.unknown-value", value, ImportFormat.Slugs<TEnum>());
            return null;
        }
        return parsed;
    }
}

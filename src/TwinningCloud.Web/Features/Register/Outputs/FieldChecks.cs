using System.Globalization;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>Reads one record's cells into typed values, adding an <see cref="ImportError"/> (line, field, reason) for each bad cell.</summary>
internal sealed class FieldChecks(ImportRecord record, List<ImportError> errors)
{
    public int Line => record.Line;

    public void Fail(string field, string reasonKey, params object?[] args) => errors.Add(new ImportError(record.Line, field, reasonKey, args));

    public string? Text(string field, int maxLength, bool required = false)
    {
        var value = record.Fields.GetValueOrDefault(field);
        if (value is null)
        {
            if (required)
            {
                Fail(field, "importexport.error.required");
            }
            return null;
        }
        if (value.Length > maxLength)
        {
            Fail(field, "importexport.error.too-long", maxLength);
            return null;
        }
        if (TwinningCloud.Web.Platform.Web.SingleLineText.IsRefused(value, maxLength))
        {
            Fail(field, TwinningCloud.Web.Platform.Web.SingleLineText.ErrorKey(maxLength));
            return null;
        }
        return value;
    }

    public long? Long(string field, long min, long max)
    {
        var value = record.Fields.GetValueOrDefault(field);
        if (value is null)
        {
            return null;
        }
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            Fail(field, "importexport.error.not-an-integer", value);
            return null;
        }
        if (number < min || number > max)
        {
            Fail(field, "importexport.error.out-of-range", min, max);
            return null;
        }
        return number;
    }

    public decimal? Decimal(string field, decimal min, decimal max)
    {
        var value = record.Fields.GetValueOrDefault(field);
        if (value is null)
        {
            return null;
        }
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            Fail(field, "importexport.error.not-a-number", value);
            return null;
        }
        if (number < min || number > max)
        {
            Fail(field, "importexport.error.out-of-range", min, max);
            return null;
        }
        return number;
    }

    public double? Double(string field, double min, double max)
    {
        var value = record.Fields.GetValueOrDefault(field);
        if (value is null)
        {
            return null;
        }
        if (!double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            Fail(field, "importexport.error.not-a-number", value);
            return null;
        }
        if (number < min || number > max)
        {
            Fail(field, "importexport.error.out-of-range", min, max);
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

    /// <summary>A date as precise as it is known: "1962" (year), "2003-05" (month) or "2003-05-12" (day).</summary>
    public (DateOnly? Date, TwinningCloud.Web.Features.Register.Agreements.DatePrecision Precision) PartialDate(string field)
    {
        var value = record.Fields.GetValueOrDefault(field);
        if (value is null)
        {
            return (null, TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Day);
        }
        var parsed = value switch
        {
            { Length: 4 } d when DateOnly.TryParseExact(d + "-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var y) => (y, TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Year),
            { Length: 7 } d when DateOnly.TryParseExact(d + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) => (m, TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Month),
            { } d when DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) => (day, TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Day),
            _ => ((DateOnly?)null, TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Day),
        };
        if (parsed.Item1 is null)
        {
            Fail(field, "importexport.error.not-a-date", value);
        }
        return parsed;
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

    public TEnum Enum<TEnum>(string field, TEnum? defaultValue)
        where TEnum : struct, Enum
    {
        var value = record.Fields.GetValueOrDefault(field);
        if (value is null)
        {
            if (defaultValue is null)
            {
                Fail(field, "importexport.error.required");
            }
            return defaultValue ?? default;
        }
        if (!ImportFormat.TryParseSlug<TEnum>(value, out var parsed))
        {
            Fail(field, "importexport.error.unknown-value", value, ImportFormat.Slugs<TEnum>());
            return defaultValue ?? default;
        }
        return parsed;
    }

    public string? Url(string field, int maxLength)
    {
        var value = Text(field, maxLength);
        if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            Fail(field, "importexport.error.bad-url", value);
            return null;
        }
        return value;
    }

    public string? Email(string field, int maxLength)
    {
        var value = Text(field, maxLength);
        if (value is not null && !TwinningCloud.Web.Platform.Email.EmailAddresses.IsValid(value))
        {
            Fail(field, "importexport.error.bad-email", value);
            return null;
        }
        return value;
    }
}

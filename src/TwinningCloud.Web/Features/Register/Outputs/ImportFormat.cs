using System.Globalization;
using System.Text;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>What one record of an import file describes.</summary>
public enum RecordKind
{
    PartnerCity,
    Agreement,
    Membership,
}

/// <summary>A partner city named by an agreement: "Gênes (IT)" in CSV, <c>{"name","country"}</c> in JSON.</summary>
public sealed record PartyRef(string Name, string Country);

/// <summary>One history entry as written in the file ("renewed:1991-05-23:day:notes"), not yet checked.</summary>
public sealed record HistoryInput(string? Kind, string? Date, string? Precision, string? Notes);

/// <summary>One record of an import file, with the line it starts on (CSV and JSON alike), not yet validated.</summary>
public sealed class ImportRecord(RecordKind kind, int line)
{
    public RecordKind Kind { get; } = kind;
    public int Line { get; } = line;
    public Dictionary<string, string?> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<PartyRef> Partners { get; } = [];
    public List<string> Domains { get; } = [];
    public List<HistoryInput> History { get; } = [];
}

/// <summary>A bad line: where (line, field), and why (a text key of the ImportExport area, and its arguments).</summary>
public sealed record ImportError(int Line, string Field, string ReasonKey, params object?[] Args);

public sealed class ParsedFile
{
    public List<ImportRecord> Records { get; } = [];
    public List<ImportError> Errors { get; } = [];
}

/// <summary>
/// The register's file format (see README.md in this folder): columns and JSON properties in English,
/// snake_case; enumerations in kebab-case; dates ISO 8601; numbers in the invariant culture (dot decimals).
/// </summary>
public static class ImportFormat
{
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>Records (partner cities, agreements, memberships together) in one import file.</summary>
    public const int MaxRecords = 5_000;

    public static readonly string[] PartnerCityColumns =
        ["name", "name_fr", "name_en", "local_name", "country", "region", "population", "population_year", "leader_title", "leader_name", "latitude", "longitude", "website", "notes", "public"];

    public static readonly string[] AgreementColumns =
        ["title", "title_fr", "title_en", "kind", "partners", "signed_on", "signed_at", "decision", "status", "next_review_on", "domains", "history", "summary", "summary_fr", "summary_en", "public"];

    public static readonly string[] MembershipColumns =
        ["network", "role", "since_year", "annual_fee", "currency", "renewal_on", "contact_name", "contact_email", "working_groups", "notes", "public"];

    /// <summary>The JSON document's sections.</summary>
    public const string PartnerCitiesSection = "partner_cities";
    public const string AgreementsSection = "agreements";
    public const string MembershipsSection = "memberships";

    public static string[] ColumnsOf(RecordKind kind) => kind switch
    {
        RecordKind.PartnerCity => PartnerCityColumns,
        RecordKind.Agreement => AgreementColumns,
        _ => MembershipColumns,
    };

    /// <summary>Enum value as written in files: <c>TwinningOath</c> → <c>twinning-oath</c>.</summary>
    public static string Slug<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('-');
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

    /// <summary>A date as precise as it is known: "1962" (year), "2003-05" (month) or "2003-05-12" (day); false when it is none of these.</summary>
    public static bool TryParsePartialDate(string? text, out DateOnly date, out TwinningCloud.Web.Features.Register.Agreements.DatePrecision precision)
    {
        (date, precision) = (default, TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Day);
        var (full, p) = text switch
        {
            { Length: 4 } => (text + "-01-01", TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Year),
            { Length: 7 } => (text + "-01", TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Month),
            _ => (text, TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Day),
        };
        if (full is null || !DateOnly.TryParseExact(full, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return false;
        }
        precision = p;
        return true;
    }

    public static string FormatParty(PartyRef party) => $"{party.Name} ({party.Country})";

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A history date as precise as it is known: "2001", "2001-05" or "2001-05-23".</summary>
    public static string FormatDate(DateOnly date, TwinningCloud.Web.Features.Register.Agreements.DatePrecision precision) => precision switch
    {
        TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Year => date.ToString("yyyy", CultureInfo.InvariantCulture),
        TwinningCloud.Web.Features.Register.Agreements.DatePrecision.Month => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => FormatDate(date),
    };
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>
/// Writes the tenant's register (internal items included, <c>public=false</c>) in the import's own format,
/// so that an export imports back unchanged.
/// </summary>
public sealed class RegisterExporter(AppDbContext db)
{
    public sealed record Row(RecordKind Kind, IReadOnlyDictionary<string, string?> Fields, IReadOnlyList<PartyRef> Partners,
        IReadOnlyList<string> Domains, IReadOnlyList<AgreementEvent> History);

    public async Task<List<Row>> RowsAsync(RecordKind kind, CancellationToken ct) => kind switch
    {
        RecordKind.PartnerCity => await CitiesAsync(ct),
        RecordKind.Agreement => await AgreementsAsync(ct),
        _ => await MembershipsAsync(ct),
    };

    private static string I(long? value) => value?.ToString(CultureInfo.InvariantCulture)!;

    private static string B(bool value) => value ? "true" : "false";

    private async Task<List<Row>> CitiesAsync(CancellationToken ct) =>
        (await db.Set<PartnerCity>().AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.CountryCode).ToListAsync(ct))
        .Select(c => new Row(RecordKind.PartnerCity, new Dictionary<string, string?>
        {
            ["name"] = c.Name, ["name_fr"] = c.NameFr, ["name_en"] = c.NameEn, ["local_name"] = c.LocalName, ["country"] = c.CountryCode, ["region"] = c.Region,
            ["population"] = I(c.Population), ["population_year"] = I(c.PopulationYear), ["leader_title"] = c.LeaderTitle,
            ["leader_name"] = c.LeaderName, ["latitude"] = c.Latitude?.ToString("R", CultureInfo.InvariantCulture),
            ["longitude"] = c.Longitude?.ToString("R", CultureInfo.InvariantCulture), ["website"] = c.Website, ["notes"] = c.Notes,
            ["public"] = B(c.IsPublic),
        }, [], [], [])).ToList();

    private async Task<List<Row>> AgreementsAsync(CancellationToken ct)
    {
        var agreements = await db.Set<Agreement>().AsNoTracking()
            .Include(a => a.Parties).ThenInclude(p => p.PartnerCity)
            .Include(a => a.Domains).ThenInclude(d => d.Domain)
            .Include(a => a.Events)
            .AsSplitQuery().ToListAsync(ct);
        return agreements.OrderBy(a => a.SignedOn ?? DateOnly.MaxValue).ThenBy(a => a.Title, StringComparer.Ordinal)
            .Select(a => new Row(RecordKind.Agreement, new Dictionary<string, string?>
            {
                ["title"] = a.Title, ["title_fr"] = a.TitleFr, ["title_en"] = a.TitleEn, ["kind"] = ImportFormat.Slug(a.Kind),
                ["signed_on"] = a.SignedOn is { } s ? ImportFormat.FormatDate(s, a.SignedPrecision) : null,
                ["signed_at"] = a.SignedAt, ["decision"] = a.DecisionReference, ["status"] = ImportFormat.Slug(a.Status),
                ["next_review_on"] = a.NextReviewOn is { } r ? ImportFormat.FormatDate(r) : null, ["summary"] = a.Summary,
                ["summary_fr"] = a.SummaryFr, ["summary_en"] = a.SummaryEn, ["public"] = B(a.IsPublic),
            },
            a.Parties.Select(p => new PartyRef(p.PartnerCity!.Name, p.PartnerCity.CountryCode)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList(),
            a.Domains.Select(d => d.Domain!.Key).Order(StringComparer.Ordinal).ToList(),
            a.Events.OrderBy(e => e.OccurredOn).ToList())).ToList();
    }

    private async Task<List<Row>> MembershipsAsync(CancellationToken ct) =>
        (await db.Set<NetworkMembership>().AsNoTracking().Include(m => m.Network).ToListAsync(ct))
        .OrderBy(m => m.Network!.Key, StringComparer.Ordinal)
        .Select(m => new Row(RecordKind.Membership, new Dictionary<string, string?>
        {
            ["network"] = m.Network!.Key, ["role"] = ImportFormat.Slug(m.Role), ["since_year"] = I(m.SinceYear),
            ["annual_fee"] = m.AnnualFee?.ToString(CultureInfo.InvariantCulture), ["currency"] = m.Currency,
            ["renewal_on"] = m.RenewalOn is { } r ? ImportFormat.FormatDate(r) : null, ["contact_name"] = m.ContactName,
            ["contact_email"] = m.ContactEmail, ["working_groups"] = m.WorkingGroups, ["notes"] = m.Notes, ["public"] = B(m.IsPublic),
        }, [], [], [])).ToList();

    private static string HistoryEntry(AgreementEvent e) =>
        $"{ImportFormat.Slug(e.Kind)}:{ImportFormat.FormatDate(e.OccurredOn, e.Precision)}:{ImportFormat.Slug(e.Precision)}:{e.Notes}";

    private static string Escape(string text, char separator) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(separator.ToString(), "\\" + separator, StringComparison.Ordinal);

    public async Task<string> CsvAsync(RecordKind kind, CancellationToken ct)
    {
        var rows = await RowsAsync(kind, ct);
        var columns = ImportFormat.ColumnsOf(kind);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, true))
        {
            foreach (var column in columns)
            {
                csv.WriteField(column);
            }
            csv.EndRecord();
            foreach (var row in rows)
            {
                foreach (var column in columns)
                {
                    csv.WriteField(CsvFormulaGuard.Neutralise(column switch
                    {
                        "partners" => string.Join("; ", row.Partners.Select(p => Escape(ImportFormat.FormatParty(p), ';'))),
                        "domains" => string.Join("; ", row.Domains),
                        "history" => string.Join(" | ", row.History.Select(e => Escape(HistoryEntry(e), '|'))),
                        _ => row.Fields.GetValueOrDefault(column) ?? "",
                    })); // no cell is a spreadsheet formula
                }
                csv.EndRecord();
            }
        }
        return writer.ToString();
    }

    public async Task<byte[]> JsonAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var (section, kind) in new[] { (ImportFormat.PartnerCitiesSection, RecordKind.PartnerCity), (ImportFormat.AgreementsSection, RecordKind.Agreement), (ImportFormat.MembershipsSection, RecordKind.Membership) })
            {
                json.WriteStartArray(section);
                foreach (var row in await RowsAsync(kind, ct))
                {
                    WriteRow(json, row);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static readonly HashSet<string> Numeric = ["population", "population_year", "latitude", "longitude", "since_year", "annual_fee"];

    private static void WriteRow(Utf8JsonWriter json, Row row)
    {
        json.WriteStartObject();
        foreach (var column in ImportFormat.ColumnsOf(row.Kind))
        {
            switch (column)
            {
                case "partners":
                    json.WriteStartArray(column);
                    foreach (var party in row.Partners)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", party.Name);
                        json.WriteString("country", party.Country);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    break;
                case "domains":
                    json.WriteStartArray(column);
                    row.Domains.ToList().ForEach(json.WriteStringValue);
                    json.WriteEndArray();
                    break;
                case "history":
                    json.WriteStartArray(column);
                    foreach (var e in row.History)
                    {
                        json.WriteStartObject();
                        json.WriteString("kind", ImportFormat.Slug(e.Kind));
                        json.WriteString("date", ImportFormat.FormatDate(e.OccurredOn, e.Precision));
                        json.WriteString("precision", ImportFormat.Slug(e.Precision));
                        if (e.Notes is null)
                        {
                            json.WriteNull("notes");
                        }
                        else
                        {
                            json.WriteString("notes", e.Notes);
                        }
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    break;
                case "public":
                    json.WriteBoolean(column, row.Fields[column] == "true");
                    break;
                default:
                    var value = row.Fields.GetValueOrDefault(column);
                    if (value is null)
                    {
                        json.WriteNull(column);
                    }
                    else if (Numeric.Contains(column))
                    {
                        json.WritePropertyName(column);
                        json.WriteRawValue(value);
                    }
                    else
                    {
                        json.WriteString(column, value);
                    }
                    break;
            }
        }
        json.WriteEndObject();
    }

    public static byte[] Utf8WithBom(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
}

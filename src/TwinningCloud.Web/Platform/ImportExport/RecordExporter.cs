using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace TwinningCloud.Web.Platform.ImportExport;

/// <summary>
/// Writes the town's records of its kinds (internal items included, <c>public=false</c>) in the import's own format, so that
/// an export imports back unchanged: one CSV per kind, or one JSON document with a section per kind.
/// </summary>
public sealed class RecordExporter(TownRecordKinds kinds, IServiceProvider services)
{
    private static string Escape(string text, char separator) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(separator.ToString(), "\\" + separator, StringComparison.Ordinal);

    public async Task<string> CsvAsync(RecordKind kind, CancellationToken ct)
    {
        var rows = await kind.ExportAsync(services, ct);
        var columns = kind.Columns;
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
                    csv.WriteField(CsvFormulaGuard.Neutralise(kind.List(column) is { } list
                        ? string.Join(list.Joiner, row.List(column).Select(item => Escape(list.FormatCsv(item), list.Separator)))
                        : row.Fields.GetValueOrDefault(column) ?? "")); // no cell is a spreadsheet formula
                }
                csv.EndRecord();
            }
        }
        return writer.ToString();
    }

    /// <summary>The town's records of every kind it has, one section per kind.</summary>
    public async Task<byte[]> JsonAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var kind in kinds.On)
            {
                json.WriteStartArray(kind.Section);
                foreach (var row in await kind.ExportAsync(services, ct))
                {
                    WriteRow(json, kind, row);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteRow(Utf8JsonWriter json, RecordKind kind, ExportRow row)
    {
        json.WriteStartObject();
        foreach (var column in kind.Columns)
        {
            var value = row.Fields.GetValueOrDefault(column);
            if (kind.List(column) is { } list)
            {
                json.WriteStartArray(column);
                foreach (var item in row.List(column))
                {
                    WriteItem(json, list, item);
                }
                json.WriteEndArray();
            }
            else if (kind.BooleanColumns.Contains(column))
            {
                json.WriteBoolean(column, value == "true");
            }
            else if (value is null)
            {
                json.WriteNull(column);
            }
            else if (kind.NumberColumns.Contains(column))
            {
                json.WritePropertyName(column);
                json.WriteRawValue(value);
            }
            else
            {
                json.WriteString(column, value);
            }
        }
        json.WriteEndObject();
    }

    /// <summary>A list's item: a string when it has one part, an object with its parts otherwise.</summary>
    private static void WriteItem(Utf8JsonWriter json, ListColumn list, IReadOnlyList<string?> item)
    {
        if (list.Parts.Count == 1)
        {
            json.WriteStringValue(item[0]);
            return;
        }
        json.WriteStartObject();
        for (var i = 0; i < list.Parts.Count; i++)
        {
            var part = i < item.Count ? item[i] : null;
            if (part is null)
            {
                json.WriteNull(list.Parts[i]);
            }
            else
            {
                json.WriteString(list.Parts[i], part);
            }
        }
        json.WriteEndObject();
    }

    public static byte[] Utf8WithBom(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace TwinningCloud.Web.Platform.ImportExport;

/// <summary>
/// Reads an import file (CSV or JSON) into records that remember their line, and reports what cannot
/// be read (unknown columns, malformed cells, broken JSON) with the line and field. The file's kinds of record are
/// those of the town's modules: a kind of a module the town has not switched on is refused with
/// its own message. Checks nothing against the database: that is <see cref="RecordImporter"/>'s work.
/// </summary>
internal static class ImportFileReader
{
    public static bool IsJson(string fileName, string content) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || content.TrimStart().StartsWith('{');

    /// <param name="kinds">Every kind of record the product knows, and those the town has.</param>
    public static ParsedFile Read(string fileName, string content, TownRecordKinds kinds)
    {
        var nul = content.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            // No field may hold a NUL (PostgreSQL refuses it): the file is not a text file of ours.
            var file = new ParsedFile();
            file.Errors.Add(new ImportError(content.AsSpan(0, nul).Count('\n') + 1, "", "importexport.error.unreadable"));
            return file;
        }
        return IsJson(fileName, content) ? ReadJson(content, kinds) : ReadCsv(content, kinds);
    }

    // ---- CSV ------------------------------------------------------------------------------------

    public static ParsedFile ReadCsv(string content, TownRecordKinds kinds)
    {
        var file = new ParsedFile();
        content = content.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(content))
        {
            file.Errors.Add(new ImportError(1, "", "importexport.error.empty"));
            return file;
        }
        var firstLine = content.Split('\n', 2)[0];
        var delimiter = firstLine.Contains(';', StringComparison.Ordinal) && !firstLine.Contains(',', StringComparison.Ordinal) ? ';' : ',';
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        try
        {
            using var csv = CsvReader.FromText(content, options);
            csv.ReadHeader();
            var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            var kind = kinds.All.FirstOrDefault(k => header.Contains(k.IdentifyingColumn));
            if (kind is null)
            {
                file.Errors.Add(UnknownFile(kinds));
                return file;
            }
            if (!kinds.IsOn(kind))
            {
                file.Errors.Add(new ImportError(1, "", "importexport.error.kind-off", kind.FileName));
                return file;
            }
            var columns = kind.Columns;
            foreach (var unknown in header.Where(h => !columns.Contains(h)))
            {
                file.Errors.Add(new ImportError(1, unknown, "importexport.error.unknown-column", string.Join(", ", columns)));
            }
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                var cells = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i)).ToArray();
                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                if (cells.Length > header.Length)
                {
                    file.Errors.Add(new ImportError(line, "", "importexport.error.column-count", header.Length, cells.Length));
                }
                var record = new ImportRecord(kind, line);
                for (var i = 0; i < header.Length && i < cells.Length; i++)
                {
                    if (columns.Contains(header[i]))
                    {
                        // The export's anti-formula apostrophe comes off (CsvFormulaGuard), so export → import round-trips.
                        record.Fields[header[i]] = string.IsNullOrWhiteSpace(cells[i]) ? null : CsvFormulaGuard.Restore(cells[i].Trim());
                    }
                }
                ReadCsvLists(record, file.Errors);
                file.Records.Add(record);
            }
        }
        catch (CsvFormatException e)
        {
            file.Errors.Add(new ImportError(e.LineNumber > 0 ? (int)e.LineNumber : 1, "", "importexport.error.unreadable"));
        }
        return file;
    }

    /// <summary>What a file of the town's kinds looks like: their identifying columns, their JSON sections.</summary>
    private static ImportError UnknownFile(TownRecordKinds kinds) =>
        new(1, "", "importexport.error.unknown-file", string.Join(", ", kinds.On.Select(k => k.IdentifyingColumn)), string.Join(", ", kinds.On.Select(k => k.Section)));

    /// <summary>The record's list cells as items: "Gênes (IT); Lyon (FR)", "culture; heritage", "renewed:1991-05-23:day:notes | …".</summary>
    private static void ReadCsvLists(ImportRecord record, List<ImportError> errors)
    {
        foreach (var list in record.Kind.Lists)
        {
            foreach (var part in Split(record.Fields.GetValueOrDefault(list.Name), list.Separator))
            {
                if (list.ParseCsv(part) is { } item)
                {
                    record.AddItem(list.Name, item);
                }
                else
                {
                    errors.Add(new ImportError(record.Line, list.Name, list.BadItemKey, part));
                }
            }
        }
    }

    /// <summary>Splits a list cell at <paramref name="separator"/>; a backslash escapes the separator or itself (<c>\;</c>, <c>\|</c>, <c>\\</c>).</summary>
    private static List<string> Split(string? text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var source = text ?? "";
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\\' && i + 1 < source.Length && (source[i + 1] == separator || source[i + 1] == '\\'))
            {
                current.Append(source[++i]);
            }
            else if (source[i] == separator)
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(source[i]);
            }
        }
        parts.Add(current.ToString().Trim());
        return parts.Where(p => p.Length > 0).ToList();
    }

    // ---- JSON -----------------------------------------------------------------------------------

    public static ParsedFile ReadJson(string content, TownRecordKinds kinds)
    {
        var file = new ParsedFile();
        var bytes = Encoding.UTF8.GetBytes(content.TrimStart('\uFEFF'));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            file.Errors.Add(new ImportError((int)(e.LineNumber ?? 0) + 1, "", "importexport.error.bad-json", e.BytePositionInLine + 1));
            return file;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                file.Errors.Add(UnknownFile(kinds));
                return file;
            }
            var lines = ObjectLines(bytes);
            foreach (var section in document.RootElement.EnumerateObject())
            {
                var kind = kinds.All.FirstOrDefault(k => k.Section == section.Name);
                var sectionLines = lines.GetValueOrDefault(section.Name) ?? [];
                if (kind is null || section.Value.ValueKind != JsonValueKind.Array)
                {
                    file.Errors.Add(new ImportError(1, section.Name, "importexport.error.unknown-section", string.Join(", ", kinds.On.Select(k => k.Section))));
                    continue;
                }
                if (!kinds.IsOn(kind))
                {
                    file.Errors.Add(new ImportError(1, section.Name, "importexport.error.kind-off", section.Name));
                    continue;
                }
                var index = 0;
                foreach (var item in section.Value.EnumerateArray())
                {
                    var line = index < sectionLines.Count ? sectionLines[index] : 1;
                    index++;
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        file.Errors.Add(new ImportError(line, "", "importexport.error.not-an-object"));
                        continue;
                    }
                    file.Records.Add(ReadJsonRecord(kind, line, item, file.Errors));
                }
            }
        }
        return file;
    }

    private static ImportRecord ReadJsonRecord(RecordKind kind, int line, JsonElement item, List<ImportError> errors)
    {
        var record = new ImportRecord(kind, line);
        var columns = kind.Columns;
        foreach (var property in item.EnumerateObject())
        {
            var name = property.Name.ToLowerInvariant();
            if (!columns.Contains(name))
            {
                errors.Add(new ImportError(line, property.Name, "importexport.error.unknown-column", string.Join(", ", columns)));
                continue;
            }
            var value = property.Value;
            var list = kind.List(name);
            if (list is not null)
            {
                ReadJsonList(record, list, value, errors);
                continue;
            }
            record.Fields[name] = value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString()!.Trim(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.GetRawText(),
            };
        }
        return record;
    }

    /// <summary>A list column's items: strings when the item has one part, objects with the parts as properties otherwise.</summary>
    private static void ReadJsonList(ImportRecord record, ListColumn list, JsonElement value, List<ImportError> errors)
    {
        foreach (var element in Array(value, record.Line, list.Name, errors))
        {
            if (list.Parts.Count == 1)
            {
                record.AddItem(list.Name, [element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText()]);
                continue;
            }
            var parts = element.ValueKind == JsonValueKind.Object ? list.Parts.Select(p => Text(element, p)).ToArray() : null;
            if (parts is null || parts.Take(list.RequiredParts).Any(p => p is null))
            {
                errors.Add(new ImportError(record.Line, list.Name, list.BadItemKey, element.GetRawText()));
                continue;
            }
            record.AddItem(list.Name, parts);
        }
    }

    private static List<JsonElement> Array(JsonElement value, int line, string field, List<ImportError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ImportError(line, field, "importexport.error.not-a-list"));
            return [];
        }
        return value.EnumerateArray().ToList();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;

    /// <summary>The line each record object starts on, by section (JsonDocument keeps no positions).</summary>
    private static Dictionary<string, List<int>> ObjectLines(byte[] bytes)
    {
        var result = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        string? section = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                section = reader.GetString();
            }
            else if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2 && section is not null)
            {
                var offset = (int)reader.TokenStartIndex;
                var line = 1 + bytes.AsSpan(0, offset).Count((byte)'\n');
                (result.TryGetValue(section, out var list) ? list : result[section] = []).Add(line);
            }
        }
        return result;
    }
}

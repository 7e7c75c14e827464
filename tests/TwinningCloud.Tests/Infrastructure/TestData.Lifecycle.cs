using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TwinningCloud.Web.Features.Lifecycle;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>Waits (20 s at most) until export <paramref name="id"/> is ready (fails at once when it failed).</summary>
    public async Task<TenantExport> WaitForExportAsync(Guid id, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var export = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<TenantExport>().AsNoTracking().SingleAsync(e => e.Id == id);
                Assert.True(export.State != ExportState.Failed, $"export {id} failed: {export.Error}");
                if (export.State == ExportState.Ready)
                {
                    return export;
                }
                Assert.True(DateTime.UtcNow < until, $"export {id} is still {export.State} ({export.Progress} %)");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Every table of the database — those of the EF model AND those the catalog (information_schema) lists, in every
    /// schema of ours (public, and Hangfire's) — with the number of its rows that keep <paramref name="id"/>: in a uuid
    /// column, or written inside a text or JSON column (a job's payload, a Hangfire job parameter). Only tables with hits.
    /// </summary>
    public async Task<Dictionary<string, long>> RowsKeepingIdAsync(string connectionString, Guid id)
    {
        await using var scope = services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<AppDbContext>().Model;
        var modelTables = model.GetEntityTypes().Where(e => e.GetTableName() is not null)
            .Select(e => $"{e.GetSchema() ?? "public"}.{e.GetTableName()}").ToHashSet(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var command = new NpgsqlCommand(
            "SELECT c.table_schema || '.' || c.table_name, c.column_name, c.data_type FROM information_schema.columns c " +
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' " +
            "WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        var catalogTables = columns.Select(c => c.Table).ToHashSet(StringComparer.Ordinal);
        var missing = modelTables.Except(catalogTables).ToList();
        Assert.True(missing.Count == 0, "tables of the model missing from the catalog: " + string.Join(", ", missing));
        Assert.Contains("hangfire.jobparameter", catalogTables);
        var hits = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in columns.GroupBy(c => c.Table))
        {
            var tests = new List<string>();
            foreach (var (_, column, type) in table)
            {
                if (type == "uuid")
                {
                    tests.Add($"\"{column}\" = @id");
                }
                else if (type is "text" or "character varying" or "json" or "jsonb" or "character")
                {
                    tests.Add($"lower(\"{column}\"::text) LIKE @like");
                }
            }
            if (tests.Count == 0)
            {
                continue;
            }
            var name = string.Join('.', table.Key.Split('.').Select(part => $"\"{part}\""));
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {name} WHERE {string.Join(" OR ", tests)}", connection);
            count.Parameters.AddWithValue("id", id);
            count.Parameters.AddWithValue("like", "%" + id.ToString("D").ToLowerInvariant() + "%");
            var rows = (long)(await count.ExecuteScalarAsync())!;
            if (rows > 0)
            {
                hits[table.Key] = rows;
            }
        }
        return hits;
    }

    /// <summary>
    /// An archive's content without its ids: per table, the rows with every uuid value (ids, references, the town's id)
    /// taken out and every document replaced by its SHA-256, as sorted canonical JSON texts; the people by email.
    /// </summary>
    public static Dictionary<string, List<string>> ContentOf(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        var manifest = JsonNode.Parse(zip.GetEntry(TownArchive.ManifestEntry)!.Open())!;
        var content = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            ["(people)"] = manifest["people"]!.AsArray().Select(p => $"{p!["email"]}|{p["displayName"]}").Order(StringComparer.Ordinal).ToList(),
        };
        foreach (var table in manifest["tables"]!.AsArray())
        {
            var rows = JsonNode.Parse(zip.GetEntry(table!["file"]!.GetValue<string>())!.Open())!.AsArray();
            content[table["name"]!.GetValue<string>()] = rows.Select(row => Canonical(row!, zip)).Order(StringComparer.Ordinal).ToList();
        }
        return content;
    }

    private static string Canonical(JsonNode node, ZipArchive zip)
    {
        switch (node)
        {
            case JsonObject o when o.Count == 1 && o["file"] is JsonValue file:
                using (var stream = zip.GetEntry(file.GetValue<string>())!.Open())
                {
                    return "sha256:" + Convert.ToHexString(SHA256.HashData(stream));
                }
            case JsonObject o:
                return "{" + string.Join(",", o.Where(p => !IsId(p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => JsonSerializer.Serialize(p.Key) + ":" + (p.Value is null ? "null" : Canonical(p.Value, zip)))) + "}";
            case JsonArray a:
                return "[" + string.Join(",", a.Where(v => !IsId(v)).Select(v => v is null ? "null" : Canonical(v, zip))) + "]";
            default:
                return node.ToJsonString(Readable);
        }
    }

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static bool IsId(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParseExact(text, "D", out _)
        || value is JsonArray a && a.Count > 0 && a.All(IsId);
}

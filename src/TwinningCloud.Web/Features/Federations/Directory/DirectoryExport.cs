using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>
/// The directory's search as CSV (no cell is a spreadsheet formula: <see cref="CsvFormulaGuard"/>) or JSON, with
/// absolute links from configuration. At most <see cref="MaxRows"/> rows.
/// </summary>
public abstract class DirectoryExportModel(FederationDirectory directory, PublicOrigin origin) : PageModel
{
    public const int MaxRows = 100_000;

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    private static readonly string[] Columns = ["member", "member_site", "partner_city", "country", "agreement", "kind", "year", "ended", "domains", "partner_city_page"];

    protected async Task<IActionResult> ExportAsync(string federation, string format)
    {
        if (await directory.FindForDirectoryAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        var index = await directory.IndexAsync(found, HttpContext.RequestAborted);
        var rows = index.All(DirectoryRequest.Read(Request.Query) with { Page = 1 }, MaxRows);
        var lines = rows.Select(row =>
        {
            var member = index.Members[row.TenantId].Tenant;
            var site = origin.Of(member);
            return new Dictionary<string, string?>
            {
                ["member"] = member.DisplayName,
                ["member_site"] = site,
                ["partner_city"] = row.CityName,
                ["country"] = row.CountryCode,
                ["agreement"] = row.Title,
                ["kind"] = row.Kind?.ToString(),
                ["year"] = row.Year?.ToString(CultureInfo.InvariantCulture),
                ["ended"] = row.AgreementId is null ? null : row.Ended ? "true" : "false",
                ["domains"] = string.Join("; ", row.DomainKeys),
                ["partner_city_page"] = row.CitySlug is null ? null : $"{site}/partner-cities/{row.CitySlug}",
            };
        }).ToList();
        var name = $"{found.Slug}-directory";
        if (format == "json")
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(new { federation = found.Name, total = lines.Count, partnerships = lines }, JsonOptions);
            return File(json, "application/json; charset=utf-8");
        }
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, true))
        {
            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }
            csv.EndRecord();
            foreach (var line in lines)
            {
                foreach (var column in Columns)
                {
                    csv.WriteField(CsvFormulaGuard.Neutralise(line[column] ?? string.Empty)); // no cell is a spreadsheet formula
                }
                csv.EndRecord();
            }
        }
        return File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", name + ".csv");
    }
}

/// <summary><c>directory.csv</c>: the search as CSV.</summary>
public sealed class DirectoryCsvModel(FederationDirectory directory, PublicOrigin origin) : DirectoryExportModel(directory, origin)
{
    public Task<IActionResult> OnGetAsync(string federation) => ExportAsync(federation, "csv");
}

/// <summary><c>directory.json</c>: the search as JSON.</summary>
public sealed class DirectoryJsonModel(FederationDirectory directory, PublicOrigin origin) : DirectoryExportModel(directory, origin)
{
    public Task<IActionResult> OnGetAsync(string federation) => ExportAsync(federation, "json");
}

using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.ImportExport;

namespace TwinningCloud.Web.Features.Federations.Portal.Events.Staff;

/// <summary>The delegates of every town for one of the federation's events, as CSV (no cell is a spreadsheet formula).</summary>
public sealed class DelegatesCsvModel(FederationDirectory directory, FederationEvents events) : PageModel
{
    private static readonly string[] Columns = ["town", "town_slug", "name", "function", "email", "registered_at"];

    public async Task<IActionResult> OnGetAsync(string federation, Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await directory.FindAsync(federation, ct) is not { } found || await events.FindAsync(found.Id, id, ct) is not { } ev)
        {
            return NotFound();
        }
        var lines = await events.DelegatesAsync(ev, ct);
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
                string?[] cells =
                [
                    line.Town?.DisplayName, line.Town?.Slug, line.Delegate.Name, line.Delegate.Function, line.Delegate.Email,
                    line.Delegate.RegisteredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ];
                foreach (var cell in cells)
                {
                    csv.WriteField(CsvFormulaGuard.Neutralise(cell ?? string.Empty));
                }
                csv.EndRecord();
            }
        }
        return File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", found.Slug + "-event-" + EventDates.Iso(ev.StartsOn) + "-delegates.csv");
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>Exports (staff), the public PDF list and the secret iCalendar feed.</summary>
public static class ImportExportEndpoints
{
    public static IEndpointRouteBuilder MapImportExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/export/partner-cities.csv", (RegisterExporter exporter, TenantContext tenant, CancellationToken ct) => CsvAsync(exporter, tenant, RecordKind.PartnerCity, "partner-cities", ct))
            .RequireAuthorization(Policies.TenantStaff).ExcludeFromDescription();
        app.MapGet("/admin/export/agreements.csv", (RegisterExporter exporter, TenantContext tenant, CancellationToken ct) => CsvAsync(exporter, tenant, RecordKind.Agreement, "agreements", ct))
            .RequireAuthorization(Policies.TenantStaff).ExcludeFromDescription();
        app.MapGet("/admin/export/memberships.csv", (RegisterExporter exporter, TenantContext tenant, CancellationToken ct) => CsvAsync(exporter, tenant, RecordKind.Membership, "memberships", ct))
            .RequireAuthorization(Policies.TenantStaff).ExcludeFromDescription();
        app.MapGet("/admin/export/register.json", async (RegisterExporter exporter, TenantContext tenant, CancellationToken ct) =>
                Results.File(await exporter.JsonAsync(ct), "application/json; charset=utf-8", FileName(tenant, "register", "json")))
            .RequireAuthorization(Policies.TenantStaff).ExcludeFromDescription();

        app.MapGet("/list.pdf", async (PrintableList list, TenantContext tenant, Texts T, CancellationToken ct) =>
            {
                var info = tenant.Required;
                var pdf = PdfList.Render(T["importexport.list.title"], T["importexport.list.subtitle", info.DisplayName, DateTime.UtcNow.ToString("d MMMM yyyy", CultureInfo.CurrentCulture)],
                    await list.BuildAsync(ct), T["importexport.list.empty"]);
                return Results.File(pdf, "application/pdf", $"{info.Slug}-{T["importexport.list.file-name"]}.pdf");
            })
            .AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/calendar/{token}.ics", async (string token, AppDbContext db, TenantContext tenant, CalendarFeed feed, HttpContext http, CancellationToken ct) =>
            {
                var id = tenant.Required.Id;
                var expected = await db.Tenants.AsNoTracking().Where(t => t.Id == id).Select(t => t.CalendarFeedToken).FirstOrDefaultAsync(ct);
                if (expected is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected)))
                {
                    return Results.NotFound();
                }
                http.Response.Headers.CacheControl = "private, no-cache";
                http.Response.Headers["X-Robots-Tag"] = "noindex";
                return Results.Text(await feed.IcsAsync(ct), "text/calendar; charset=utf-8", Encoding.UTF8);
            })
            .AllowAnonymous().WithMetadata(new Onboarding.OpenDuringPreparationAttribute()).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> CsvAsync(RegisterExporter exporter, TenantContext tenant, RecordKind kind, string name, CancellationToken ct) =>
        Results.File(RegisterExporter.Utf8WithBom(await exporter.CsvAsync(kind, ct)), "text/csv; charset=utf-8", FileName(tenant, name, "csv"));

    private static string FileName(TenantContext tenant, string name, string extension) =>
        $"{tenant.Required.Slug}-{name}-{DateTime.UtcNow:yyyy-MM-dd}.{extension}";
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>The register's public PDF list and its secret iCalendar feed (the CSV and JSON exports are the platform's, of the register's kinds of record).</summary>
public static class RegisterOutputsEndpoints
{
    public static IEndpointRouteBuilder MapRegisterOutputs(this IEndpointRouteBuilder app)
    {
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
}

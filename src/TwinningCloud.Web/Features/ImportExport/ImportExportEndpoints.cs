using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.ImportExport;

/// <summary>The town's records of every kind it has, as one JSON document (the CSV per kind is mapped in each module's group).</summary>
public static class ImportExportEndpoints
{
    public static IEndpointRouteBuilder MapRecordsJsonExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/export/register.json", async (RecordExporter exporter, TownRecordKinds kinds, TenantContext tenant, CancellationToken ct) =>
                kinds.On.Count == 0
                    ? Results.NotFound()
                    : Results.File(await exporter.JsonAsync(ct), "application/json; charset=utf-8", ImportExportSetup.DownloadName(tenant, "register", "json")))
            .RequireAuthorization(Policies.TenantStaff).ExcludeFromDescription();
        return app;
    }
}

using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.ImportExport;

/// <summary>The platform's import and export of the modules' kinds of record.</summary>
public static class ImportExportSetup
{
    /// <summary>Registers the importer and exporter (after the modules: the demo files go in after each module's own demo data).</summary>
    public static IServiceCollection AddRecordImportExport(this IServiceCollection services)
    {
        services.AddScoped(sp => sp.GetRequiredService<ModuleCatalog>().RecordKindsFor(sp.GetRequiredService<TenantContext>().Required));
        services.AddScoped<RecordImporter>();
        services.AddScoped<RecordExporter>();
        services.AddScoped<IDemoDataContributor, ImportDemoData>();
        return services;
    }

    /// <summary>Maps <c>/admin/export/{file}.csv</c> of each of a module's kinds, in the module's group (404 where it is off).</summary>
    public static void MapRecordExports(this IEndpointRouteBuilder group, IEnumerable<RecordKind> kinds)
    {
        foreach (var kind in kinds)
        {
            group.MapGet($"/admin/export/{kind.FileName}.csv", async (RecordExporter exporter, TenantContext tenant, CancellationToken ct) =>
                    Results.File(RecordExporter.Utf8WithBom(await exporter.CsvAsync(kind, ct)), "text/csv; charset=utf-8", DownloadName(tenant, kind.FileName, "csv")))
                .RequireAuthorization(Policies.TenantStaff).ExcludeFromDescription();
        }
    }

    /// <summary>The town's download name: <c>marseille-agreements-2026-11-28.csv</c>.</summary>
    public static string DownloadName(TenantContext tenant, string name, string extension) =>
        $"{tenant.Required.Slug}-{name}-{DateTime.UtcNow:yyyy-MM-dd}.{extension}";
}

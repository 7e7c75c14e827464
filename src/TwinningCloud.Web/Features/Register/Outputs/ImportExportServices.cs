using TwinningCloud.Web.Platform.Demo;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>The import/export area's services (registered by the agreements module).</summary>
public static class ImportExportServices
{
    public static IServiceCollection AddImportExport(this IServiceCollection services)
    {
        services.AddScoped<RegisterImporter>();
        services.AddScoped<RegisterExporter>();
        services.AddScoped<CalendarFeed>();
        services.AddScoped<PrintableList>();
        services.AddScoped<IDemoDataContributor, ImportDemoData>();
        return services;
    }
}

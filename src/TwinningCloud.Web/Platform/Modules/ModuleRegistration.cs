using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.ImportExport;

namespace TwinningCloud.Web.Platform.Modules;

internal static class ModuleRegistration
{
    /// <summary>Registers the catalog and each module, and tags each module's pages with its key.</summary>
    public static ModuleCatalog AddModules(this WebApplicationBuilder builder, params PlatformModule[] modules)
    {
        var catalog = new ModuleCatalog(modules);
        builder.Services.AddSingleton(catalog);
        foreach (var module in modules)
        {
            module.Register(builder, catalog);
        }
        builder.Services.AddRecordImportExport();
        builder.Services.Configure<RazorPagesOptions>(options =>
        {
            foreach (var module in modules)
            {
                var folders = module.PageFolders.ToList();
                var alwaysOn = module.AlwaysOnPageFolders.ToList();
                options.Conventions.AddFolderApplicationModelConvention("/", model =>
                {
                    if (alwaysOn.Any(f => Contains(f, model.ViewEnginePath)))
                    {
                        model.EndpointMetadata.Add(new CoreEndpointAttribute(module.Key));
                    }
                    else if (folders.Any(f => Contains(f, model.ViewEnginePath)))
                    {
                        model.EndpointMetadata.Add(Ownership(module));
                    }
                });
            }
        });
        return catalog;
    }

    /// <summary>Runs each module's request gates, in module order.</summary>
    public static IApplicationBuilder UseModuleRequestGates(this IApplicationBuilder app)
    {
        foreach (var module in app.ApplicationServices.GetRequiredService<ModuleCatalog>().Everything)
        {
            module.UseRequestGates(app);
        }
        return app;
    }

    /// <summary>A folder holds its pages and its sub-folders' ("/Register" holds "/Register/Agreements/Staff/Index"); an entry may also name one page.</summary>
    private static bool Contains(string folder, string page)
    {
        var f = folder.TrimEnd('/');
        return f.Length == 0 || page == f || page.StartsWith(f + "/", StringComparison.Ordinal);
    }

    private static object Ownership(PlatformModule module) =>
        module.AlwaysOn ? new CoreEndpointAttribute(module.Key) : new RequiresModuleAttribute(module.Key);

    /// <summary>Maps each module's endpoints in a group that carries its key.</summary>
    public static IEndpointRouteBuilder MapModules(this IEndpointRouteBuilder endpoints)
    {
        var catalog = endpoints.ServiceProvider.GetRequiredService<ModuleCatalog>();
        foreach (var module in catalog.Everything)
        {
            var group = endpoints.MapGroup(string.Empty).WithMetadata(Ownership(module));
            var scopes = module.ApiScopes.ToList();
            // Each API route of the module carries the scope a client needs: GET the read scope, other methods the write scope.
            ((IEndpointConventionBuilder)group).Finally(endpoint =>
            {
                if (endpoint is not RouteEndpointBuilder route || route.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) != true
                    || endpoint.Metadata.OfType<ApiScopeAttribute>().Any())
                {
                    return;
                }
                var reads = endpoint.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault()?.HttpMethods.All(m => m is "GET" or "HEAD") == true;
                var scope = scopes.FirstOrDefault(s => s.Access == (reads ? ApiAccess.Read : ApiAccess.Write));
                if (scope is not null)
                {
                    endpoint.Metadata.Add(new ApiScopeAttribute(scope.Name));
                }
            });
            module.MapEndpoints(group);
            group.MapRecordExports(catalog.RecordKindsOf(module));
        }
        return endpoints;
    }
}

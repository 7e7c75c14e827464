using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Platform.Modules;

public static class ModuleRegistration
{
    /// <summary>Registers the catalog and each module's services, and tags each module's pages with its key.</summary>
    public static IServiceCollection AddModules(this IServiceCollection services, IConfiguration configuration, params PlatformModule[] modules)
    {
        var catalog = new ModuleCatalog(modules);
        services.AddSingleton(catalog);
        foreach (var module in modules)
        {
            module.AddServices(services, configuration);
        }
        services.Configure<RazorPagesOptions>(options =>
        {
            foreach (var module in modules)
            {
                foreach (var folder in module.PageFolders)
                {
                    options.Conventions.AddFolderApplicationModelConvention(folder,
                        model => model.EndpointMetadata.Add(new RequiresModuleAttribute(module.Key)));
                }
            }
        });
        return services;
    }

    /// <summary>Maps each module's endpoints in a group that carries its key.</summary>
    public static IEndpointRouteBuilder MapModules(this IEndpointRouteBuilder endpoints)
    {
        foreach (var module in endpoints.ServiceProvider.GetRequiredService<ModuleCatalog>().All)
        {
            var group = endpoints.MapGroup(string.Empty).WithMetadata(new RequiresModuleAttribute(module.Key));
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
        }
        return endpoints;
    }
}

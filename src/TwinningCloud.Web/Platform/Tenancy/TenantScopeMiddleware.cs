using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>
/// After routing (where <see cref="TenantScopeMatcherPolicy"/> already kept tenant and platform
/// endpoints apart), enforces the tenant's state on tenant endpoints, so that no page, API route or
/// download forgets to: a suspended tenant answers 403 (the error page explains), and an endpoint of
/// a module the tenant has switched off answers 404.
/// </summary>
internal sealed class TenantScopeMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        var endpoint = http.GetEndpoint();
        var tenant = tenantContext.Current;
        if (endpoint is null || tenant is null || EndpointScopeExtensions.ScopeOf(endpoint) is EndpointScope.Shared or EndpointScope.Platform)
        {
            return next(http);
        }
        if (!tenant.IsActive)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        if (endpoint.Metadata.GetMetadata<RequiresModuleAttribute>() is { } module && !tenant.HasModule(module.ModuleKey))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next(http);
    }
}

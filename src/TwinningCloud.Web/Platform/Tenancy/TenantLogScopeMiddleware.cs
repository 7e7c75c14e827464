namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>Adds the tenant to the log scope of everything logged while handling the request.</summary>
internal sealed class TenantLogScopeMiddleware(RequestDelegate next, ILogger<TenantLogScopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        using (logger.BeginScope(new Dictionary<string, object?> { ["Tenant"] = tenantContext.Current?.Slug }))
        {
            await next(http);
        }
    }
}

namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>
/// Resolves the tenant once, at the edge of the request: first by host name
/// (<c>marseille.example.org</c>), then by the first path segment (<c>/marseille/...</c>), which it
/// moves into <see cref="HttpRequest.PathBase"/> so that the rest of the app routes and generates
/// links relative to the tenant. A request that names no tenant continues without one: it may reach
/// platform pages, and tenant pages answer 404 (see <see cref="TenantScopeMiddleware"/>).
/// </summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next, TenantCatalog catalog)
{
    public async Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        if (tenantContext.Current is not null)
        {
            await next(http); // re-executed for an error page: already resolved
            return;
        }
        var tenant = await catalog.FindByHostAsync(http.Request.Host.Host, http.RequestAborted);
        if (tenant is null && TryTakeFirstSegment(http.Request.Path, out var slug, out var rest)
            && TenantSlug.IsAllowed(slug))
        {
            tenant = await catalog.FindBySlugAsync(slug, http.RequestAborted);
            if (tenant is not null)
            {
                http.Request.PathBase = http.Request.PathBase.Add("/" + tenant.Slug);
                http.Request.Path = rest;
            }
        }
        if (tenant is not null)
        {
            tenantContext.Set(tenant);
        }
        await next(http);
    }

    private static bool TryTakeFirstSegment(PathString path, out string segment, out PathString rest)
    {
        segment = string.Empty;
        rest = PathString.Empty;
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value.Length < 2)
        {
            return false;
        }
        var end = value.IndexOf('/', 1);
        segment = end < 0 ? value[1..] : value[1..end];
        rest = end < 0 ? new PathString("/") : new PathString(value[end..]);
        return segment.Length > 0;
    }
}

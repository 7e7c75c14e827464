using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Caching;

/// <summary>Marks a public page whose anonymous rendering may be kept until its tenant's data changes.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicPageCacheAttribute : Attribute;

/// <summary>
/// Serves anonymous GETs of <see cref="PublicPageCacheAttribute"/> pages from memory, keyed by tenant,
/// tenant data version, language and address: any change of the tenant's data bumps the version
/// (<see cref="TenantDataVersions"/>), so a staff edit shows on the public page at once, on every
/// instance. Only plain 200 HTML answers that set no cookie are kept; 64 MB at most, least used first out.
/// </summary>
public sealed class PublicPageCacheMiddleware(RequestDelegate next, TenantDataVersions versions)
{
    private const int MaxEntryBytes = 512 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });

    private sealed record Entry(byte[] Body, string ContentType);

    public async Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        var tenant = tenantContext.Current;
        if (!versions.CanCache || tenant is not { IsActive: true }
            || !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            || http.User.Identity?.IsAuthenticated == true
            || http.GetEndpoint()?.Metadata.GetMetadata<PublicPageCacheAttribute>() is null
            || http.Request.Query.ContainsKey(Localization.CultureSelectionMiddleware.QueryKey))
        {
            await next(http);
            return;
        }
        var key = string.Create(CultureInfo.InvariantCulture,
            $"{tenant.Id}|{versions.Current(tenant.Id)}|{CultureInfo.CurrentUICulture.Name}|{http.Request.Method}|{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}");
        if (_cache.TryGetValue(key, out Entry? hit) && hit is not null)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = hit.ContentType;
            http.Response.ContentLength = hit.Body.Length;
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Cache"] = "hit";
            if (!HttpMethods.IsHead(http.Request.Method))
            {
                await http.Response.Body.WriteAsync(hit.Body, http.RequestAborted);
            }
            return;
        }
        var original = http.Response.Body;
        http.Response.Headers["X-Cache"] = "miss";
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        buffer.Position = 0;
        if (http.Response.StatusCode == StatusCodes.Status200OK
            && !http.Response.Headers.ContainsKey(HeaderNames.SetCookie)
            && http.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true
            && buffer.Length <= MaxEntryBytes)
        {
            _cache.Set(key, new Entry(buffer.ToArray(), http.Response.ContentType), new MemoryCacheEntryOptions
            {
                Size = buffer.Length + key.Length,
                SlidingExpiration = TimeSpan.FromMinutes(10),
            });
        }
        http.Response.Headers.CacheControl = "no-cache";
        await buffer.CopyToAsync(original, http.RequestAborted);
    }
}

using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Caching;

/// <summary>Marks a public page whose anonymous rendering may be kept until its tenant's data changes.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicPageCacheAttribute : Attribute;

/// <summary>
/// Rendered public pages, kept in memory until their tenant's data changes (see
/// <see cref="TenantDataVersions"/>). An entry is found by the raw request (host, address, query,
/// language cookie) and is valid only while its tenant's version is the one it was rendered at; only
/// plain 200 HTML answers that set no cookie are kept; 64 MB at most, least used first out.
/// </summary>
internal sealed class PublicPageStore(TenantDataVersions versions)
{
    private const int MaxEntryBytes = 512 * 1024;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });

    /// <summary>A kept page; its gzipped copy is made by the first hit that asks for it (a miss never pays for compression).</summary>
    private sealed class Entry(Guid tenantId, long version, PageBody body, string contentType, string? town)
    {
        public string? Town => town;
        private PageBody? _gzipped;

        public Guid TenantId => tenantId;
        public long Version => version;
        public PageBody Body => body;
        public string ContentType => contentType;

        public PageBody Gzipped => Volatile.Read(ref _gzipped) ?? Compress();

        private PageBody Compress()
        {
            var compressed = new PageBodyStream();
            using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal))
            {
                body.WriteTo(gzip);
            }
            Volatile.Write(ref _gzipped, compressed.Body); // two first hits at once both compress; either copy is right
            return compressed.Body;
        }
    }

    /// <summary>
    /// The key of an anonymous GET that may be served from memory, or null. Anything signed in
    /// (cookie or token) or switching language is never served from memory.
    /// </summary>
    public static string? KeyOf(HttpRequest request)
    {
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || request.Headers.ContainsKey(HeaderNames.Authorization)
            || request.Cookies.ContainsKey(IdentitySetup.TenantCookie) || request.Cookies.ContainsKey(IdentitySetup.PlatformCookie)
            || request.Query.ContainsKey(CultureSelectionMiddleware.QueryKey))
        {
            return null;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{request.Method}|{request.Host}|{request.PathBase}{request.Path}{request.QueryString}|{request.Cookies[CultureSelectionMiddleware.CookieName]}");
    }

    /// <summary>The current rendering for this key, gzipped when the client accepts it (as every browser does).</summary>
    public bool TryGet(HttpRequest request, string key, out PageBody body, out string contentType, out bool gzipped) =>
        TryGet(request, key, out body, out contentType, out gzipped, out _);

    /// <inheritdoc cref="TryGet(HttpRequest, string, out PageBody, out string, out bool)"/>
    /// <param name="town">The town of the page (its address name), for the metrics.</param>
    public bool TryGet(HttpRequest request, string key, out PageBody body, out string contentType, out bool gzipped, out string? town)
    {
        town = null;
        if (versions.CanCache && _cache.TryGetValue(key, out Entry? entry) && entry is not null && entry.Version == versions.Current(entry.TenantId))
        {
            town = entry.Town;
            gzipped = request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
            (body, contentType) = (gzipped ? entry.Gzipped : entry.Body, entry.ContentType);
            return true;
        }
        (body, contentType, gzipped) = (new PageBody(), string.Empty, false);
        return false;
    }

    public void Keep(string key, Guid tenantId, long version, PageBody body, string contentType, string? town = null)
    {
        if (body.Length <= MaxEntryBytes)
        {
            // Sized with room for the gzipped copy a first hit adds (HTML compresses to a fifth or less).
            _cache.Set(key, new Entry(tenantId, version, body, contentType, town),
                new MemoryCacheEntryOptions { Size = body.Length + body.Length / 4 + key.Length, SlidingExpiration = TimeSpan.FromMinutes(10) });
        }
    }

    public static async Task WriteAsync(HttpContext http, PageBody body, string contentType, bool gzipped)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.Vary = "Accept-Encoding";
        if (gzipped)
        {
            http.Response.Headers.ContentEncoding = "gzip";
        }
        http.Response.Headers["X-Cache"] = "hit";
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await body.WriteToAsync(http.Response.Body, http.RequestAborted);
        }
    }
}

/// <summary>
/// At the front of the pipeline: answers a request whose page is in memory and still current, before
/// tenant resolution, routing and the rest (that is what makes a public page nearly as cheap as a probe).
/// </summary>
internal sealed class PublicPageFrontDoor(RequestDelegate next, PublicPageStore store, Observability.TwinningMetrics metrics)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (PublicPageStore.KeyOf(http.Request) is { } key && store.TryGet(http.Request, key, out var body, out var contentType, out var gzipped, out var town))
        {
            Observability.TownObservation.Mark(http, town);
            metrics.PageCacheHit(town);
            return PublicPageStore.WriteAsync(http, body, contentType, gzipped);
        }
        return next(http);
    }
}

/// <summary>
/// After routing: keeps the rendering of an anonymous GET of a <see cref="PublicPageCacheAttribute"/>
/// page of an active tenant, at the tenant's data version read before rendering (so a change during
/// rendering leaves the entry already stale, never wrongly fresh).
/// </summary>
internal sealed class PublicPageCacheMiddleware(RequestDelegate next, PublicPageStore store, TenantDataVersions versions, Observability.TwinningMetrics metrics)
{
    public async Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<PublicPageCacheAttribute>() is null)
        {
            await next(http);
            return;
        }
        // Every answer of a public page says whether it came from memory: what follows rendered it.
        http.Response.Headers["X-Cache"] = "miss";
        var tenant = tenantContext.Current;
        metrics.PageCacheMiss(tenant?.Slug);
        var key = PublicPageStore.KeyOf(http.Request);
        if (key is null || !versions.CanCache || tenant is not { IsActive: true } || http.User.Identity?.IsAuthenticated == true)
        {
            await next(http);
            return;
        }
        var version = versions.Current(tenant.Id);
        var original = http.Response.Body;
        await using var buffer = new PageBodyStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        if (http.Response.StatusCode == StatusCodes.Status200OK
            && !http.Response.Headers.ContainsKey(HeaderNames.SetCookie)
            && http.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true)
        {
            store.Keep(key, tenant.Id, version, buffer.Body, http.Response.ContentType, tenant.Slug);
        }
        http.Response.Headers.CacheControl = "no-cache";
        if (!http.Response.HasStarted)
        {
            http.Response.ContentLength = buffer.Body.Length;
        }
        await buffer.Body.WriteToAsync(original, http.RequestAborted);
    }
}

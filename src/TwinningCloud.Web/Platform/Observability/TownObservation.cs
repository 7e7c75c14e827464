using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>The town a request was for, once known (tenant resolution, or the page cache's front door on a hit).</summary>
internal sealed class TownFeature
{
    public string? Town { get; set; }
}

internal static class TownObservation
{
    /// <summary>
    /// Marks the request as the town's: its trace (tag <c>town</c>), ASP.NET Core's request metrics
    /// (<c>http.server.request.duration</c> gets a <c>town</c> tag) and our request counter. (The mails the request
    /// sends find their town through <see cref="TenantContext.Ambient"/>.)
    /// </summary>
    public static void Mark(HttpContext http, string? slug)
    {
        var town = TwinningMetrics.Town(slug);
        if (http.Features.Get<TownFeature>() is { } feature)
        {
            feature.Town = slug;
        }
        Activity.Current?.SetTag(TwinningMetrics.TownTag, town);
        if (http.Features.Get<IHttpMetricsTagsFeature>() is { } tags && !tags.Tags.Any(t => t.Key == TwinningMetrics.TownTag))
        {
            tags.Tags.Add(new(TwinningMetrics.TownTag, town));
        }
    }
}

/// <summary>First in the pipeline: counts every answered request per town and status class (<c>twinning.http.requests</c>).</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, TwinningMetrics metrics)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var feature = new TownFeature();
        http.Features.Set(feature);
        try
        {
            await next(http);
        }
        finally
        {
            if (feature.Town is null)
            {
                TownObservation.Mark(http, null); // a platform address: tagged "platform" like the rest
            }
            metrics.Request(feature.Town, http.Response.StatusCode);
        }
    }
}

/// <summary>After tenant resolution: the request is its town's (or the platform's) from here on.</summary>
internal sealed class TownTaggingMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        TownObservation.Mark(http, tenantContext.Current?.Slug);
        return next(http);
    }
}

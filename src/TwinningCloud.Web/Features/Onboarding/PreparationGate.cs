using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Onboarding;

/// <summary>
/// Marks an anonymous tenant endpoint that stays open while the town is in preparation (the calendar feed
/// reached by its secret address, the logo shown on the "coming soon" page). Every other anonymous tenant
/// endpoint is closed until the town is published, so a new public page is closed by default.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class OpenDuringPreparationAttribute : Attribute;

/// <summary>
/// A town in preparation (<see cref="Tenant.InPreparation"/>) shows visitors a "coming soon" page instead of
/// its public pages, and its anonymous API answers 404: nothing of its data leaks before its admin publishes
/// it. Its own staff (signed in at the town) see the real pages, as a preview. Runs after authentication (to
/// know the staff) and before the public page cache (so the placeholder is never kept as a town's page);
/// publishing or unpublishing changes the tenant row, which drops every cached page (ADR 0006).
/// </summary>
/// <remarks>
/// The placeholder answers 200 with <c>noindex</c> (header and meta), not 503: a town prepares for weeks,
/// and a 503 that lasts more than a day or two makes search engines slow their crawl and drop the addresses,
/// and makes uptime monitors report the town as down. A 200 that says "noindex" keeps the placeholder out
/// of search results and lets the same addresses be indexed as soon as they answer the real pages.
/// </remarks>
public sealed class PreparationGate(RequestDelegate next, EndpointDataSource endpoints, PageLoader pages)
{
    private Endpoint? _comingSoon;

    public async Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint is null || tenantContext.Current is not { IsPublished: false } tenant || !IsClosedDuringPreparation(endpoint)
            || IsStaffOf(http.User, tenant))
        {
            await next(http);
            return;
        }
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        http.Response.Headers.CacheControl = "no-cache";
        if (TwinningCloud.Web.Platform.PlatformSetup.IsApiRequest(http))
        {
            await Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This town's public data is not published yet.").ExecuteAsync(http);
            return;
        }
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        // Answer with the "coming soon" page in place of the requested one (same address, no redirect).
        http.Items[ComingSoonPageAttribute.Marker] = true;
        http.SetEndpoint(_comingSoon ??= await ComingSoonEndpointAsync());
        http.Request.RouteValues = new RouteValueDictionary { ["page"] = ComingSoonModel.PageName };
        await next(http);
    }

    /// <summary>The page's compiled endpoint, as routing would have chosen it (Razor Pages compiles a page's endpoint on first use).</summary>
    private async Task<Endpoint> ComingSoonEndpointAsync()
    {
        var endpoint = endpoints.Endpoints.First(e => e.Metadata.GetMetadata<ComingSoonPageAttribute>() is not null
            || e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == ComingSoonModel.PageName);
        var descriptor = endpoint.Metadata.GetMetadata<PageActionDescriptor>()!;
        var compiled = await pages.LoadAsync(descriptor, endpoint.Metadata);
        return compiled.Endpoint ?? endpoint;
    }

    /// <summary>A tenant page or endpoint open to anonymous visitors (its public pages and anonymous API), unless marked open.</summary>
    public static bool IsClosedDuringPreparation(Endpoint endpoint) =>
        EndpointScopeExtensions.ScopeOf(endpoint) == EndpointScope.Tenant
        && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
        && endpoint.Metadata.GetMetadata<OpenDuringPreparationAttribute>() is null
        && endpoint.Metadata.GetMetadata<ComingSoonPageAttribute>() is null;

    /// <summary>Signed in as an admin or editor of this town (the principal is already bound to the town).</summary>
    public static bool IsStaffOf(ClaimsPrincipal user, TenantInfo tenant) =>
        user.FindFirstValue(AppClaims.Tenant) == tenant.Id.ToString() && (user.IsInRole(Roles.TenantAdmin) || user.IsInRole(Roles.Editor));
}

/// <summary>Marks the "coming soon" page, which <see cref="PreparationGate"/> serves in place of a closed page.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ComingSoonPageAttribute : Attribute
{
    public const string Marker = "tc.coming-soon";
}

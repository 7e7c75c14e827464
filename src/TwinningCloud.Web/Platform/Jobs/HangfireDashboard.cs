using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Hangfire's dashboard at <c>/platform/hangfire</c>, for platform operators only. Anyone else — signed out,
/// a town's staff, any other account — gets our 404 page on every address under it, as for any address that
/// does not exist for them (the dashboard's existence is not advertised; no redirect to the sign-in page).
/// Hangfire's own authorization filter asks the same operator policy again.
/// </summary>
internal static class HangfireDashboard
{
    public const string Path = "/platform/hangfire";

    /// <summary>
    /// The gate: anyone but an operator gets the 404 page under <see cref="Path"/>. Placed before the authorization
    /// middleware (<c>PlatformSetup</c>), so that the endpoint's operator policy never answers with a sign-in redirect.
    /// </summary>
    public static IApplicationBuilder UseJobsDashboardGate(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase), gate => gate.Use(async (http, next) =>
        {
            if (!await IsOperatorAsync(http))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            // Its pages carry style attributes and its charts set styles: inline styles are allowed here only (ADR 0007).
            http.Items[Web.SecurityHeadersMiddleware.InlineStylesItem] = true;
            await next(http);
        }));

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new OperatorOnly()],
            AsyncAuthorization = [],
            DisplayStorageConnectionString = false,
            AppPath = "/platform/jobs",
            DashboardTitle = "TwinningCloud — Hangfire",
        }).WithScope(EndpointScope.Platform) // a platform address (endpoints default to a town's: none would match here)
          .RequireAuthorization(Policies.PlatformOperator); // declared like every endpoint (the permission matrix); the gate answers first
        return app;
    }

    private static async Task<bool> IsOperatorAsync(HttpContext http) =>
        (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, Policies.PlatformOperator)).Succeeded;

    private sealed class OperatorOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => IsOperatorAsync(context.GetHttpContext()).GetAwaiter().GetResult();
    }
}

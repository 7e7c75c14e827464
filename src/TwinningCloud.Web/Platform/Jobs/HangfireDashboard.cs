using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Hangfire's dashboard at <c>/platform/hangfire</c>, for platform operators only: the endpoint requires our
/// operator policy (anyone signed out is sent to the sign-in page, anyone else gets 403) and Hangfire's own
/// authorization filter asks the same policy again.
/// </summary>
public static class HangfireDashboard
{
    public const string Path = "/platform/hangfire";

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new OperatorOnly()],
            AsyncAuthorization = [],
            DisplayStorageConnectionString = false,
            AppPath = "/platform/jobs",
            DashboardTitle = "TwinningCloud — Hangfire",
        }).RequireAuthorization(Policies.PlatformOperator);
        return app;
    }

    private sealed class OperatorOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            return authorization.AuthorizeAsync(http.User, Policies.PlatformOperator).GetAwaiter().GetResult().Succeeded;
        }
    }
}

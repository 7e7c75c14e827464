using TwinningCloud.Web.Platform.Jobs;

namespace TwinningCloud.Web.Features.Jobs;

/// <summary>What the shared details partial (<c>_JobDetails.cshtml</c>) draws.</summary>
/// <param name="TenantName">Operator page only: whose job it is ("marseille", or the platform's).</param>
public sealed record JobDetailsView(Job Job, TimeZoneInfo Zone, string ZoneName, string? TenantName, string? Message, bool IsError)
{
    public bool CanRetry => JobActions.CanRetry(Job.State);

    public bool CanCancel => JobActions.CanCancel(Job.State);
}

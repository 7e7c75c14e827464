using TwinningCloud.Web.Features.Jobs;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Jobs.Staff;

/// <summary>One of the town's jobs, with Retry and Cancel; another town's job, or a platform job, is a 404.</summary>
public sealed class JobDetailsModel(TenantJobs jobs, TenantContext tenantContext, Texts texts, ILogger<JobDetailsModel> logger)
    : JobDetailsPageModel(jobs, texts, logger)
{
    protected override string Side => tenantContext.Required.Slug;

    protected override Task<(TimeZoneInfo Zone, string ZoneName, string? TenantName)> PresentAsync(Job job)
    {
        var tenant = tenantContext.Required;
        return Task.FromResult((tenant.TimeZone, tenant.TimeZoneId, (string?)null));
    }
}

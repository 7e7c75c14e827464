using TwinningCloud.Web.Features.Jobs;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Operator.Jobs;

/// <summary>Any job (any tenant's, or the platform's), with Retry and Cancel; times in UTC.</summary>
public sealed class PlatformJobDetailsModel(AllJobs jobs, TenantCatalog catalog, Texts texts, ILogger<PlatformJobDetailsModel> logger)
    : JobDetailsPageModel(jobs, texts, logger)
{
    protected override string Side => "platform";

    protected override async Task<(TimeZoneInfo Zone, string ZoneName, string? TenantName)> PresentAsync(Job job)
    {
        string tenantName;
        if (job.TenantId is { } id)
        {
            var tenant = await catalog.FindByIdAsync(id, HttpContext.RequestAborted);
            tenantName = tenant is null ? id.ToString() : $"{tenant.Slug} — {tenant.DisplayName}";
        }
        else
        {
            tenantName = T["jobs.platform"];
        }
        return (TimeZoneInfo.Utc, "UTC", tenantName);
    }
}

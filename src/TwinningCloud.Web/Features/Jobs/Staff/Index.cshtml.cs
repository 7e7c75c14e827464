using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Jobs;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Jobs.Staff;

/// <summary>The town's background jobs (tenant admins): newest first, 50 a page, search, filters by state and kind, counts per state.</summary>
public sealed class JobListModel(TenantJobs jobs, TenantContext tenantContext) : PageModel
{
    [BindProperty(SupportsGet = true)] public JobFilter Filter { get; set; } = new();
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    public JobListView View { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var tenant = tenantContext.Required;
        Filter.Page = PageNumber;
        var result = await jobs.ListAsync(Filter, HttpContext.RequestAborted);
        View = new JobListView(result, Filter, Url.Content("~/admin/jobs"), tenant.TimeZone, tenant.TimeZoneId);
    }
}

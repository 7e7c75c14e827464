using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Jobs;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Operator.Jobs;

/// <summary>Every tenant's background jobs and the platform's own (operator): the tenants' list with a tenant column and filter; times in UTC.</summary>
public sealed class PlatformJobListModel(AllJobs jobs, TenantCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)] public JobFilter Filter { get; set; } = new();
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    public JobListView View { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Filter.Page = PageNumber;
        var tenants = (await catalog.AllAsync(ct)).ToList();
        var slug = Filter.Tenant?.Trim();
        var platformOnly = slug == JobsQuery.PlatformSlug;
        Guid? tenantId = string.IsNullOrEmpty(slug) || platformOnly ? null
            : tenants.FirstOrDefault(t => string.Equals(t.Slug, slug, StringComparison.OrdinalIgnoreCase))?.Id ?? Guid.Empty; // an unknown town: no job
        var result = await jobs.ListAsync(Filter, tenantId, platformOnly, ct);
        View = new JobListView(result, Filter, Url.Content("~/platform/jobs"), TimeZoneInfo.Utc, "UTC", tenants);
    }
}

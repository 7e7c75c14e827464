using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Jobs;
using TwinningCloud.Web.Features.Onboarding;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Dashboard;

/// <summary>
/// The town's staff dashboard (tenant admins and editors): the onboarding checklist while the town prepares
/// its site (publish / unpublish: tenant admins), the register's figures, reviews and renewals due in the next
/// 90 days, the latest changes and reminders, and the staff sections.
/// </summary>
public sealed class DashboardModel(StaffDashboard dashboard, TenantContext tenantContext, ModuleCatalog modules, TenantJobs jobs, TownPublication publication, Texts T) : PageModel
{
    public string Name { get; private set; } = string.Empty;
    public bool IsAdmin { get; private set; }
    /// <summary>Tenant admins: the town's failed or dead background jobs (the jobs page is a platform feature, not a module).</summary>
    public int FailedJobs { get; private set; }
    public IReadOnlyList<MenuEntry> StaffSections { get; private set; } = [];
    public IReadOnlyList<MenuEntry> Sections { get; private set; } = [];
    public DashboardView View { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Name = User.FindFirstValue("name") ?? User.Identity?.Name ?? string.Empty;
        IsAdmin = User.IsInRole(Roles.TenantAdmin);
        if (IsAdmin)
        {
            FailedJobs = await jobs.CountFailedOrDeadAsync(HttpContext.RequestAborted);
        }
        StaffSections = modules.StaffMenuFor(tenantContext.Required).ToList();
        Sections = modules.PublicMenuFor(tenantContext.Required).ToList();
        View = await dashboard.LoadAsync(HttpContext.RequestAborted);
    }

    /// <summary>Tenant admins publish the town: its public pages open and it is listed on the platform's front page.</summary>
    public Task<IActionResult> OnPostPublishAsync() => SetPublishedAsync(true);

    /// <summary>Tenant admins take the town back to preparation: visitors see "coming soon" again.</summary>
    public Task<IActionResult> OnPostUnpublishAsync() => SetPublishedAsync(false);

    private async Task<IActionResult> SetPublishedAsync(bool published)
    {
        if (!User.IsInRole(Roles.TenantAdmin))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        await publication.SetPublishedAsync(published, HttpContext.RequestAborted);
        TempData["Saved"] = T[published ? "onboarding.published" : "onboarding.unpublished"];
        return RedirectToPage();
    }
}

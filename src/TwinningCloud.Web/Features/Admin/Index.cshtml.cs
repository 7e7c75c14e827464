using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Jobs;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Admin;

/// <summary>The town's staff dashboard (tenant admins and editors).</summary>
public sealed class DashboardModel(AppDbContext db, TenantContext tenantContext, ModuleCatalog modules, TenantJobs jobs) : PageModel
{
    public string Name { get; private set; } = string.Empty;
    public bool IsAdmin { get; private set; }
    public int TeamSize { get; private set; }
    /// <summary>Tenant admins: the town's failed or dead background jobs (the jobs page is a platform feature, not a module).</summary>
    public int FailedJobs { get; private set; }
    public IReadOnlyList<MenuEntry> StaffSections { get; private set; } = [];
    public IReadOnlyList<MenuEntry> Sections { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Name = User.FindFirstValue("name") ?? User.Identity?.Name ?? string.Empty;
        IsAdmin = User.IsInRole(Roles.TenantAdmin);
        TeamSize = await db.Set<TenantMembership>().CountAsync(HttpContext.RequestAborted);
        if (IsAdmin)
        {
            FailedJobs = await jobs.CountFailedOrDeadAsync(HttpContext.RequestAborted);
        }
        StaffSections = modules.StaffMenuFor(tenantContext.Required).ToList();
        Sections = modules.PublicMenuFor(tenantContext.Required).ToList();
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Team;

/// <summary>
/// A tenant admin's team: invite a colleague (admin or editor), change a role, remove someone. A change
/// applies to the person's next request: roles are read again on every request (cookies and tokens).
/// </summary>
[EnableRateLimiting(IdentitySetup.AccountRateLimit)]
public sealed class TeamModel(
    AppDbContext db, StaffInvitations invitations, TenantContext tenantContext, Texts T,
    ILogger<TeamModel> logger) : PageModel
{
    public sealed record Member(Guid UserId, string Email, string Name, string Role, bool Confirmed);

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public Guid UserId { get; set; }
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    private Guid Me => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostInviteAsync()
    {
        var email = Email?.Trim();
        if (!TwinningCloud.Web.Platform.Email.EmailAddresses.IsValid(email) || !Roles.TenantRoles.Contains(Role ?? ""))
        {
            return await ShowAsync(T["team.invite.invalid"], error: true);
        }
        if (!StaffInvitations.IsValidName(Name))
        {
            return await ShowAsync(T["invite.name.invalid", StaffInvitations.MaxNameLength], error: true);
        }
        var tenant = tenantContext.Required;
        await invitations.InviteToTenantAsync(tenant, email, Name!, Role!, Me, HttpContext.RequestAborted);
        // The same words whether the address had an account or not.
        return await ShowAsync(T["team.invite.sent", email]);
    }

    public async Task<IActionResult> OnPostRoleAsync()
    {
        var membership = await db.Set<TenantMembership>().FirstOrDefaultAsync(m => m.UserId == UserId, HttpContext.RequestAborted);
        if (membership is null || !Roles.TenantRoles.Contains(Role ?? ""))
        {
            return NotFound();
        }
        if (membership.Role == Roles.TenantAdmin && Role != Roles.TenantAdmin && await IsLastAdminAsync())
        {
            return await ShowAsync(T["team.last-admin"], error: true);
        }
        var previous = membership.Role;
        membership.Role = Role!;
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        SecurityEvents.RoleRemoved(logger, tenantContext.Required.Slug, UserId, previous, Me);
        SecurityEvents.RoleGranted(logger, tenantContext.Required.Slug, UserId, Role!, Me);
        return await ShowAsync(T["team.role-changed"]);
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        var membership = await db.Set<TenantMembership>().FirstOrDefaultAsync(m => m.UserId == UserId, HttpContext.RequestAborted);
        if (membership is null)
        {
            return NotFound();
        }
        if (membership.Role == Roles.TenantAdmin && await IsLastAdminAsync())
        {
            return await ShowAsync(T["team.last-admin"], error: true);
        }
        db.Remove(membership);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        SecurityEvents.RoleRemoved(logger, tenantContext.Required.Slug, UserId, membership.Role, Me);
        return await ShowAsync(T["team.removed"]);
    }

    private async Task<bool> IsLastAdminAsync() =>
        await db.Set<TenantMembership>().CountAsync(m => m.Role == Roles.TenantAdmin, HttpContext.RequestAborted) <= 1;

    private async Task<PageResult> ShowAsync(string message, bool error = false)
    {
        Message = message;
        IsError = error;
        if (error)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() =>
        Members = await db.Set<TenantMembership>().AsNoTracking()
            .OrderBy(m => m.User!.DisplayName).ThenBy(m => m.User!.Email)
            .Select(m => new Member(m.UserId, m.User!.Email!, m.User.DisplayName, m.Role, m.User.EmailConfirmed))
            .ToListAsync(HttpContext.RequestAborted);
}

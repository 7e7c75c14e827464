using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>Who may sign in on this side (the current tenant, or the platform), and where they land.</summary>
public sealed class AccountSides(AppDbContext db, UserManager<AppUser> users, TenantContext tenantContext, IEnumerable<IPlatformSideRoles> platformRoles)
{
    // Verified against for unknown addresses, so that a miss costs as much time as a wrong password.
    private static readonly string DummyHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString());

    public string SideName => tenantContext.Current?.Slug ?? "platform";

    /// <summary>The person with this address, if they have a role on this side; null otherwise (with the same cost).</summary>
    public async Task<AppUser?> FindMemberAsync(string? email, CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is not null && await IsMemberAsync(user, ct))
        {
            return user;
        }
        users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash, email ?? string.Empty);
        return null;
    }

    public async Task<bool> IsMemberAsync(AppUser user, CancellationToken ct)
    {
        if (tenantContext.Current is not null)
        {
            return await db.Set<TenantMembership>().AnyAsync(m => m.UserId == user.Id, ct);
        }
        if (await users.IsInRoleAsync(user, Roles.PlatformOperator))
        {
            return true;
        }
        foreach (var roles in platformRoles)
        {
            if (await roles.HoldsAnyAsync(user.Id, ct))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The page a person lands on after signing in (relative to the side: "~/...").</summary>
    public async Task<string> LandingPageAsync(AppUser user, CancellationToken ct)
    {
        if (tenantContext.Current is not null)
        {
            return "~/admin";
        }
        if (await users.IsInRoleAsync(user, Roles.PlatformOperator))
        {
            return "~/platform/tenants";
        }
        foreach (var roles in platformRoles)
        {
            if (await roles.LandingPageAsync(user.Id, ct) is { } page)
            {
                return page;
            }
        }
        return "~/";
    }
}

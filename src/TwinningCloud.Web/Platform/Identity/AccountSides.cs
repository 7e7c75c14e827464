using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>Who may sign in on this side (the current tenant, or the platform), and where they land.</summary>
public sealed class AccountSides(AppDbContext db, UserManager<AppUser> users, TenantContext tenantContext)
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

    public async Task<bool> IsMemberAsync(AppUser user, CancellationToken ct) =>
        tenantContext.Current is not null
            ? await db.Set<TenantMembership>().AnyAsync(m => m.UserId == user.Id, ct)
            : await users.IsInRoleAsync(user, Roles.PlatformOperator)
              || await db.Set<FederationMembership>().AnyAsync(m => m.UserId == user.Id, ct);

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
        var federation = await db.Set<FederationMembership>().Where(m => m.UserId == user.Id)
            .Join(db.Set<Federation>(), m => m.FederationId, f => f.Id, (m, f) => f.Slug).FirstOrDefaultAsync(ct);
        return federation is null ? "~/" : $"~/federations/{federation}";
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>
/// Gives a person a role in a tenant or a federation and tells them by email. A new person gets an
/// account without password and a link to choose one (which also confirms the address); a person who
/// already has an account gets a link to sign in. The caller learns nothing about which case it was.
/// </summary>
public sealed class StaffInvitations(
    UserManager<AppUser> users, AppDbContext db, AccountEmails emails, IServiceScopeFactory scopes, ILogger<StaffInvitations> logger)
{
    /// <summary>Invites <paramref name="email"/> into <paramref name="tenant"/> with <paramref name="role"/>; runs in that tenant's context.</summary>
    public Task InviteToTenantAsync(TenantInfo tenant, string email, string role, string baseUri, Guid invitedBy, CancellationToken ct)
    {
        if (!Roles.TenantRoles.Contains(role))
        {
            throw new ArgumentException($"Unknown tenant role '{role}'.", nameof(role));
        }
        return scopes.RunInTenantAsync(tenant, async sp =>
        {
            var tenantDb = sp.GetRequiredService<AppDbContext>();
            var tenantUsers = sp.GetRequiredService<UserManager<AppUser>>();
            var (user, isNew) = await FindOrCreateAsync(tenantUsers, email);
            var membership = await tenantDb.Set<TenantMembership>().FirstOrDefaultAsync(m => m.UserId == user.Id, ct);
            if (membership is null)
            {
                tenantDb.Add(new TenantMembership { UserId = user.Id, Role = role });
            }
            else if (membership.Role != role)
            {
                membership.Role = role;
            }
            await tenantDb.SaveChangesAsync(ct);
            SecurityEvents.RoleGranted(logger, tenant.Slug, user.Id, role, invitedBy);
            await SendAsync(tenantUsers, user, isNew, tenant.DefaultCulture, tenant.DisplayName, baseUri, ct);
        });
    }

    public async Task InviteToFederationAsync(Federation federation, string email, string baseUri, Guid invitedBy, string culture, CancellationToken ct)
    {
        var (user, isNew) = await FindOrCreateAsync(users, email);
        if (!await db.Set<FederationMembership>().AnyAsync(m => m.FederationId == federation.Id && m.UserId == user.Id, ct))
        {
            db.Add(new FederationMembership { FederationId = federation.Id, UserId = user.Id });
            await db.SaveChangesAsync(ct);
        }
        SecurityEvents.RoleGranted(logger, "federation:" + federation.Slug, user.Id, Roles.FederationAdmin, invitedBy);
        await SendAsync(users, user, isNew, culture, federation.Name, baseUri, ct);
    }

    private static async Task<(AppUser User, bool IsNew)> FindOrCreateAsync(UserManager<AppUser> users, string email)
    {
        var normalized = email.Trim();
        var user = await users.FindByEmailAsync(normalized);
        if (user is not null)
        {
            return (user, false);
        }
        user = new AppUser { UserName = normalized, Email = normalized, EmailConfirmed = false };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        return (user, true);
    }

    private async Task SendAsync(UserManager<AppUser> users, AppUser user, bool isNew, string culture, string siteName, string baseUri, CancellationToken ct)
    {
        if (isNew || !await users.HasPasswordAsync(user))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = $"{baseUri}/account/set-password?kind=invitation&user={user.Id}&code={Uri.EscapeDataString(token)}";
            await emails.SendAsync(user.Email!, "invitation", culture, siteName, link, ct);
        }
        else
        {
            await emails.SendAsync(user.Email!, "access-granted", culture, siteName, $"{baseUri}/sign-in", ct);
        }
    }
}

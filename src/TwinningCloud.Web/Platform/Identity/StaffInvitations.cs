using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using TwinningCloud.Web.Platform.Web;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>
/// Gives a person a role in a tenant or a federation and tells them by email. A new person gets an
/// account without password and a link to choose one (which also confirms the address); a person who
/// already has an account gets a link to sign in. The caller learns nothing about which case it was.
/// </summary>
public sealed class StaffInvitations(
    UserManager<AppUser> users, AppDbContext db, AccountEmails emails, PublicOrigin origin, Texts texts, IServiceScopeFactory scopes,
    ILogger<StaffInvitations> logger)
{
    /// <summary>The longest name a person may be given (one line, no control characters).</summary>
    public const int MaxNameLength = 100;

    /// <summary>Whether <paramref name="name"/> may be a person's display name: present, one line, at most <see cref="MaxNameLength"/> characters.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxNameLength && !SingleLineText.HasControlCharacters(name);

    /// <summary>
    /// Invites <paramref name="email"/> (called <paramref name="name"/>) into <paramref name="tenant"/> with <paramref name="role"/>;
    /// runs in that tenant's context. The link points at the town's configured address, never at the request's host.
    /// </summary>
    public Task InviteToTenantAsync(TenantInfo tenant, string email, string name, string role, Guid invitedBy, CancellationToken ct)
    {
        if (!Roles.TenantRoles.Contains(role))
        {
            throw new ArgumentException($"Unknown tenant role '{role}'.", nameof(role));
        }
        return scopes.RunInTenantAsync(tenant, async sp =>
        {
            var tenantDb = sp.GetRequiredService<AppDbContext>();
            var tenantUsers = sp.GetRequiredService<UserManager<AppUser>>();
            var (user, isNew) = await FindOrCreateAsync(tenantUsers, email, name);
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
            var inviter = await NameOfAsync(tenantUsers, invitedBy);
            await SendAsync(tenantUsers, user, isNew, tenant.DefaultCulture, tenant.DisplayName, origin.Of(tenant), inviter, $"role.{role}", ct);
        });
    }

    /// <summary>
    /// Invites <paramref name="email"/> (called <paramref name="name"/>) to a role on the platform's side that a module keeps
    /// (a federation's admin): <paramref name="grant"/> records the role for the person (found or created) and saves it;
    /// <paramref name="place"/> names it in the security log ("federation:cuf") and <paramref name="placeName"/> in the mail.
    /// The link points at the platform's configured origin.
    /// </summary>
    public async Task InviteToPlatformSideAsync(string place, string placeName, string email, string name, string role, Guid invitedBy, string culture,
        Func<AppUser, AppDbContext, CancellationToken, Task> grant, CancellationToken ct)
    {
        var (user, isNew) = await FindOrCreateAsync(users, email, name);
        await grant(user, db, ct);
        SecurityEvents.RoleGranted(logger, place, user.Id, role, invitedBy);
        var inviter = await NameOfAsync(users, invitedBy);
        await SendAsync(users, user, isNew, culture, placeName, origin.Of(null), inviter, $"role.{role}", ct);
    }

    private static async Task<string> NameOfAsync(UserManager<AppUser> users, Guid userId)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        return user is null ? "TwinningCloud" : string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "TwinningCloud" : user.DisplayName;
    }

    /// <summary>
    /// The person with this address, or a new account (without password) called <paramref name="name"/>. An existing
    /// person keeps the name they have (a town cannot rename someone who works for others too), unless they have none.
    /// </summary>
    private static async Task<(AppUser User, bool IsNew)> FindOrCreateAsync(UserManager<AppUser> users, string email, string name)
    {
        var normalized = email.Trim();
        var displayName = name.Trim();
        var user = await users.FindByEmailAsync(normalized);
        if (user is not null)
        {
            if (string.IsNullOrWhiteSpace(user.DisplayName))
            {
                user.DisplayName = displayName;
                await users.UpdateAsync(user);
            }
            return (user, false);
        }
        user = new AppUser { UserName = normalized, Email = normalized, EmailConfirmed = false, DisplayName = displayName };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        return (user, true);
    }

    private async Task SendAsync(
        UserManager<AppUser> users, AppUser user, bool isNew, string culture, string siteName, string site, string inviter, string roleKey, CancellationToken ct)
    {
        var role = texts.Get(roleKey, SupportedCultures.Culture(SupportedCultures.IsSupported(culture) ? culture : SupportedCultures.French));
        if (isNew || !await users.HasPasswordAsync(user))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = $"{site}/account/set-password?kind=invitation&user={user.Id}&code={Uri.EscapeDataString(token)}";
            await emails.SendAsync(user.Email!, "invitation", culture, siteName, link, ct, inviter, role);
        }
        else
        {
            await emails.SendAsync(user.Email!, "access-granted", culture, siteName, $"{site}/sign-in", ct, inviter, role);
        }
    }
}

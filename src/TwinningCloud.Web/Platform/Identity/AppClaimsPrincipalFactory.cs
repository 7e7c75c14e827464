using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>
/// Builds the principal for the side the person signs in to. In a tenant: the tenant's id and the
/// person's role there, nothing else. On the platform: the platform role and the federations the
/// person holds there (federations: <see cref="IPlatformSideRoles"/>). Re-run on every request by the security-stamp check, so a role change or a
/// "sign out everywhere" takes effect at once.
/// </summary>
internal sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options,
    TenantContext tenantContext, AppDbContext db, IEnumerable<IPlatformSideRoles> platformRoles)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var role in identity.FindAll(identity.RoleClaimType).ToList())
        {
            identity.RemoveClaim(role); // platform roles never travel into a tenant; re-added below for the platform
        }
        if (tenantContext.Current is { } tenant)
        {
            identity.AddClaim(new Claim(AppClaims.Tenant, tenant.Id.ToString()));
            var role = await db.Set<TenantMembership>().Where(m => m.UserId == user.Id).Select(m => m.Role).FirstOrDefaultAsync();
            if (role is not null)
            {
                identity.AddClaim(new Claim(identity.RoleClaimType, role));
            }
        }
        else
        {
            foreach (var role in await UserManager.GetRolesAsync(user))
            {
                identity.AddClaim(new Claim(identity.RoleClaimType, role));
            }
            foreach (var roles in platformRoles)
            {
                await roles.AddClaimsAsync(user.Id, identity, CancellationToken.None);
            }
        }
        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim("name", user.DisplayName));
        }
        return identity;
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations;

/// <summary>Who may do what with a federation: its staff's roles, claims, policies and invitations (kept by this module, used by the platform's sign-in).</summary>
public static class FederationAccess
{
    /// <summary>The federation policies, the handler that checks the route's federation, and the federation staff's side of sign-in.</summary>
    public static IServiceCollection AddFederationAccess(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.FederationAdmin, p => p.RequireRole(Roles.FederationAdmin).AddRequirements(new FederationAdminRequirement()))
            .AddPolicy(Policies.FederationStaff, p => p.RequireAuthenticatedUser().AddRequirements(new FederationStaffRequirement()));
        services.AddScoped<IAuthorizationHandler, FederationAdminHandler>();
        services.AddScoped<IPlatformSideRoles, FederationStaffRoles>();
        return services;
    }

    /// <summary>Invites <paramref name="email"/> (called <paramref name="name"/>) to administer (or edit) <paramref name="federation"/>; the link points at the platform's configured origin.</summary>
    public static Task InviteToFederationAsync(this StaffInvitations invitations, Federation federation, string email, string name, Guid invitedBy, string culture,
        CancellationToken ct, string role = Roles.FederationAdmin)
    {
        if (!Roles.FederationRoles.Contains(role))
        {
            throw new ArgumentException($"Unknown federation role '{role}'.", nameof(role));
        }
        return invitations.InviteToPlatformSideAsync("federation:" + federation.Slug, federation.Name, email, name, role, invitedBy, culture, async (user, db, token) =>
        {
            var membership = await db.Set<FederationMembership>().FirstOrDefaultAsync(m => m.FederationId == federation.Id && m.UserId == user.Id, token);
            if (membership is null)
            {
                db.Add(new FederationMembership { FederationId = federation.Id, UserId = user.Id, Role = role });
            }
            else
            {
                membership.Role = role;
            }
            await db.SaveChangesAsync(token);
        }, ct);
    }

    /// <summary>Whether the signed-in person administers <paramref name="federation"/> (posts of the staff pages; operators only read).</summary>
    public static bool Administers(this ClaimsPrincipal user, Federation federation) =>
        user.HasClaim(AppClaims.FederationAdminOf, federation.Id.ToString());

    public static Guid UserId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}

/// <summary>The federation in the route (<c>{federation}</c> slug) must be one the person administers.</summary>
internal sealed class FederationAdminRequirement : IAuthorizationRequirement;

/// <summary>The federation in the route must be one the person is staff of (admin or editor); platform operators may read (GET, HEAD) any.</summary>
internal sealed class FederationStaffRequirement : IAuthorizationRequirement;

internal sealed class FederationAdminHandler(AppDbContext db, IHttpContextAccessor accessor) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        var pending = context.PendingRequirements.Where(r => r is FederationAdminRequirement or FederationStaffRequirement).ToList();
        if (pending.Count == 0)
        {
            return;
        }
        var http = accessor.HttpContext;
        var slug = http?.GetRouteValue("federation") as string;
        if (slug is null)
        {
            return;
        }
        var id = await db.Set<Federation>().Where(f => f.Slug == slug).Select(f => (Guid?)f.Id).FirstOrDefaultAsync();
        if (id is not { } federationId)
        {
            return;
        }
        var reading = HttpMethods.IsGet(http!.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        foreach (var requirement in pending)
        {
            var admitted = requirement is FederationAdminRequirement
                ? context.User.HasClaim(AppClaims.FederationAdminOf, federationId.ToString())
                : context.User.HasClaim(AppClaims.Federation, federationId.ToString()) || (reading && context.User.IsInRole(Roles.PlatformOperator));
            if (admitted)
            {
                context.Succeed(requirement);
            }
        }
    }
}

/// <summary>A federation's admins and editors sign in on the platform's side, carry their federations as claims and land on their federation.</summary>
internal sealed class FederationStaffRoles(AppDbContext db) : IPlatformSideRoles
{
    public Task<bool> HoldsAnyAsync(Guid userId, CancellationToken ct) => db.Set<FederationMembership>().AnyAsync(m => m.UserId == userId, ct);

    public async Task AddClaimsAsync(Guid userId, ClaimsIdentity identity, CancellationToken ct)
    {
        var federations = await db.Set<FederationMembership>().Where(m => m.UserId == userId).Select(m => new { m.FederationId, m.Role }).ToListAsync(ct);
        foreach (var federation in federations)
        {
            identity.AddClaim(new Claim(AppClaims.Federation, federation.FederationId.ToString()));
            if (federation.Role == Roles.FederationAdmin)
            {
                identity.AddClaim(new Claim(AppClaims.FederationAdminOf, federation.FederationId.ToString()));
            }
        }
        foreach (var role in federations.Select(f => f.Role).Where(Roles.FederationRoles.Contains).Distinct())
        {
            identity.AddClaim(new Claim(identity.RoleClaimType, role));
        }
    }

    public async Task<string?> LandingPageAsync(Guid userId, CancellationToken ct)
    {
        var slug = await db.Set<FederationMembership>().Where(m => m.UserId == userId)
            .Join(db.Set<Federation>(), m => m.FederationId, f => f.Id, (m, f) => f.Slug).FirstOrDefaultAsync(ct);
        return slug is null ? null : $"~/federations/{slug}";
    }
}

using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// Tokens of an application acting for a person (authorization code + PKCE, ADR 0011). The token carries the town, the
/// application (and its generation), the person, their security stamp and their role; the granted scopes limit it further.
/// The role is never trusted from the token: every request (<see cref="ApiClientGate"/>) and every refresh read the
/// person's role in the town again — a token never gives more than the person's role allows now.
/// </summary>
public static class PersonTokens
{
    /// <summary>The person's current role in the current town and their stamp, or null when they are no staff here.</summary>
    public static async Task<(AppUser Person, string Role)?> CurrentAsync(AppDbContext db, Guid personId, CancellationToken ct)
    {
        var found = await db.Set<TenantMembership>().AsNoTracking().Where(m => m.UserId == personId)
            .Select(m => new { m.Role, m.User }).FirstOrDefaultAsync(ct);
        return found?.User is { } person && Roles.TenantRoles.Contains(found.Role) ? (person, found.Role) : null;
    }

    /// <summary>The principal a consent grants: what the authorization code, then the tokens, carry.</summary>
    public static ClaimsPrincipal Consented(AppUser person, string role, ApiClient client, Guid tenantId, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Id.ToString());
        identity.SetClaim(Claims.Name, string.IsNullOrEmpty(person.DisplayName) ? person.Email : person.DisplayName);
        identity.SetClaim(Claims.Role, role);
        identity.SetClaim(AppClaims.Tenant, tenantId.ToString());
        identity.SetClaim(ApiClaims.Client, client.Id.ToString());
        identity.SetClaim(ApiClaims.Generation, client.Generation.ToString(CultureInfo.InvariantCulture));
        identity.SetClaim(ApiClaims.Person, person.Id.ToString());
        identity.SetClaim(ApiClaims.Stamp, person.SecurityStamp);
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// For the code and refresh grants: the granted principal (its authorization id, scopes and presenters kept, so the
    /// new refresh token stays in the same family) with the person's role now; null when the client's secret was
    /// rotated since, or the person left the town's team or signed out everywhere.
    /// </summary>
    public static async Task<ClaimsPrincipal?> RefreshAsync(AppDbContext db, ClaimsPrincipal granted, ApiClient client, CancellationToken ct)
    {
        if (granted.FindFirstValue(ApiClaims.Client) != client.Id.ToString()
            || granted.FindFirstValue(ApiClaims.Generation) != client.Generation.ToString(CultureInfo.InvariantCulture)
            || !Guid.TryParse(granted.FindFirstValue(ApiClaims.Person), out var personId)
            || await CurrentAsync(db, personId, ct) is not { } current
            || current.Person.SecurityStamp != granted.FindFirstValue(ApiClaims.Stamp))
        {
            return null;
        }
        var identity = new ClaimsIdentity(granted.Claims, TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Role, current.Role);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// For a request with a person's token: the principal with the person's role now (the token's role dropped), or
    /// null when they are no longer staff of the town or their stamp changed.
    /// </summary>
    public static async Task<ClaimsPrincipal?> CurrentPrincipalAsync(AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!Guid.TryParse(user.FindFirstValue(ApiClaims.Person), out var personId)
            || await CurrentAsync(db, personId, ct) is not { } current
            || current.Person.SecurityStamp != user.FindFirstValue(ApiClaims.Stamp))
        {
            return null;
        }
        var source = (ClaimsIdentity)user.Identity!;
        var identity = new ClaimsIdentity(user.Claims.Where(c => c.Type != Claims.Role && c.Type != ClaimTypes.Role && c.Type != source.RoleClaimType),
            source.AuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Role, current.Role));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A person's token (an application acting for them), as opposed to a machine client's.</summary>
    public static bool IsPerson(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ApiClaims.Person);
}

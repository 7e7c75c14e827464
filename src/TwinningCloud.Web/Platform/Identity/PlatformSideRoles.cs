using System.Security.Claims;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>
/// Roles on the platform's side other than operator, kept by a module (a federation's admins and editors): whether a person
/// holds one (they may then sign in there), the claims it gives them, and the page they land on.
/// </summary>
public interface IPlatformSideRoles
{
    Task<bool> HoldsAnyAsync(Guid userId, CancellationToken ct);

    /// <summary>Adds the person's claims and roles of this kind to their platform-side principal.</summary>
    Task AddClaimsAsync(Guid userId, ClaimsIdentity identity, CancellationToken ct);

    /// <summary>Where the person lands after signing in ("~/..."), or null when this kind of role gives them no page.</summary>
    Task<string?> LandingPageAsync(Guid userId, CancellationToken ct);
}

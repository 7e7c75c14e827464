using System.Security.Claims;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Web.Features.Federations;

public static class FederationAccess
{
    /// <summary>Whether the signed-in person administers <paramref name="federation"/> (posts of the staff pages; operators only read).</summary>
    public static bool Administers(this ClaimsPrincipal user, Federation federation) =>
        user.HasClaim(AppClaims.FederationAdminOf, federation.Id.ToString());

    public static Guid UserId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}

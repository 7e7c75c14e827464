using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>
/// A principal is worth something only on the side it was issued for: a Marseille cookie or token is
/// anonymous at Bagnolet and on the platform, a platform cookie is anonymous in every tenant. Bearer
/// tokens are also checked against the person's security stamp and their roles read again (cookies are,
/// by their validator), so "sign out everywhere" and role changes reach API clients at once.
/// </summary>
internal sealed class TenantBoundPrincipalMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var issuedFor = user.FindFirstValue(AppClaims.Tenant);
            var here = tenantContext.TenantId?.ToString();
            var valid = issuedFor == here;
            // OAuth access tokens (API clients) are checked against their client instead (Features/ApiClients/ApiClientGate).
            if (valid && IdentitySetup.IsBearerRequest(http) && !IdentitySetup.IsOAuthBearerRequest(http))
            {
                // A token keeps working until "sign out everywhere"; its roles are read again, like a cookie's.
                // Resolved only here: Identity's sign-in graph is too heavy to build for every anonymous request.
                var signIn = http.RequestServices.GetRequiredService<SignInManager<AppUser>>();
                var person = await signIn.ValidateSecurityStampAsync(user);
                valid = person is not null;
                if (person is not null)
                {
                    http.User = await signIn.CreateUserPrincipalAsync(person);
                }
            }
            if (!valid)
            {
                http.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }
        await next(http);
    }
}

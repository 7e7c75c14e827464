using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Api;

/// <summary>
/// API sign-in: <c>POST /{tenant}/api/v1/auth/token</c> exchanges a staff member's email and password for
/// a bearer token bound to that tenant (the framework's bearer tokens); <c>GET /{tenant}/api/v1/me</c>
/// tells who the token is for.
/// </summary>
public static class AccountApi
{
    public sealed record TokenRequest(string? Email, string? Password);

    public sealed record Me(Guid Id, string? Email, string? Tenant, IReadOnlyList<string> Roles);

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithScope(EndpointScope.TenantOrPlatform).WithTags("Account");

        api.MapPost("/auth/token", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            TokenRequest request, AccountSides sides, SignInManager<AppUser> signIn, ILoggerFactory loggers, HttpContext http) =>
        {
            // Kept for a migration period (ADR 0011): integrations move to API clients (client credentials).
            http.Response.Headers["Deprecation"] = "true";
            http.Response.Headers["Sunset"] = "Wed, 31 Mar 2027 00:00:00 GMT";
            var logger = loggers.CreateLogger("TwinningCloud.Security");
            var user = await sides.FindMemberAsync(request.Email, http.RequestAborted);
            if (user is not null && !string.IsNullOrEmpty(request.Password))
            {
                var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
                if (result.Succeeded)
                {
                    SecurityEvents.SignInSucceeded(logger, sides.SideName + " (api)", user.Id);
                    var principal = await signIn.CreateUserPrincipalAsync(user);
                    return TypedResults.SignIn(principal, authenticationScheme: IdentitySetup.Bearer);
                }
                if (result.IsLockedOut)
                {
                    SecurityEvents.LockedOut(logger, sides.SideName + " (api)", user.Id);
                }
            }
            SecurityEvents.SignInFailed(logger, sides.SideName + " (api)", user?.Id);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials",
                detail: "The email address or password is incorrect, or the account is temporarily locked.");
        }).AllowAnonymous().RequireRateLimiting(IdentitySetup.AccountRateLimit)
            .AddOpenApiOperationTransformer((operation, _, _) => { operation.Deprecated = true; return Task.CompletedTask; });

        api.MapGet("/me", (ClaimsPrincipal user, TenantContext tenant) => TypedResults.Ok(new Me(
                Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
                user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name,
                tenant.Current?.Slug,
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList())))
            .RequireAuthorization(Policies.SignedIn);
        return app;
    }
}

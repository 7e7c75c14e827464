using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// Runs after authentication for requests with an OAuth access token. A token that did not validate (expired,
/// revoked, another town's or the platform's: OpenIddict's validation and <see cref="TenantBoundPrincipalMiddleware"/>
/// left the request anonymous) answers 401 at once, whatever the endpoint. A client's token is then checked
/// against the client's row (revoked, expired, secret rotated since: 401) and against the endpoint's scope
/// (<see cref="ApiScopeAttribute"/>; none or not granted: 403). Every refusal is a security event and a problem
/// details answer. Passing requests are counted against the client's rate and mark it used.
/// </summary>
public sealed class ApiClientGate(RequestDelegate next)
{
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext http, TenantContext tenant, TimeProvider clock, ILoggerFactory loggers)
    {
        if (!IdentitySetup.IsOAuthBearerRequest(http))
        {
            await next(http);
            return;
        }
        var logger = loggers.CreateLogger(ApiClientEvents.Category);
        var side = tenant.Current?.Slug ?? "platform";
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            ApiClientEvents.TokenRefused(logger, side, null, "invalid, expired, revoked or issued for another side");
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "invalid_token", "The access token is invalid, expired, revoked or not valid here.");
            return;
        }
        if (!Guid.TryParse(user.FindFirstValue(ApiClaims.Client), out var clientId))
        {
            await next(http);
            return;
        }
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        if (user.FindFirstValue(ApiClaims.Federation) is { } federationClaim)
        {
            await FederationClientAsync(http, db, user, clientId, federationClaim, clock.GetUtcNow(), logger, side);
            return;
        }
        var client = await db.Set<ApiClient>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == clientId, http.RequestAborted);
        var now = clock.GetUtcNow();
        if (client is null || !client.IsUsable(now) || user.FindFirstValue(ApiClaims.Generation) != client.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            ApiClientEvents.TokenRefused(logger, side, client?.ClientId, "client revoked or expired, or its secret rotated since the token was issued");
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "invalid_token", "The client was revoked or has expired, or its secret was replaced.");
            return;
        }
        if (PersonTokens.IsPerson(user))
        {
            // An application acting for a person: the person's role now, not the one they had at consent.
            var current = client.Kind == ApiClientKind.Person ? await PersonTokens.CurrentPrincipalAsync(db, user, http.RequestAborted) : null;
            if (current is null)
            {
                ApiClientEvents.TokenRefused(logger, side, client.ClientId, "the person is no longer staff of this town or signed out everywhere");
                await RefuseAsync(http, StatusCodes.Status401Unauthorized, "invalid_token", "The person this token acts for is no longer staff here, or signed out everywhere.");
                return;
            }
            http.User = user = current;
        }
        var scope = http.GetEndpoint()?.Metadata.GetMetadata<ApiScopeAttribute>()?.Scope;
        if (scope is null || !user.HasScope(scope))
        {
            ApiClientEvents.TokenRefused(logger, side, client.ClientId, scope is null ? "no API scope opens this address" : $"scope {scope} not granted");
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "insufficient_scope",
                scope is null ? "API clients cannot use this address." : $"This needs the scope '{scope}', which the token does not hold.", scope);
            return;
        }
        http.Items[AuthorizationServer.ClientRateItem] = new AuthorizationServer.ClientRate(client.Id, client.RequestsPerMinute);
        if (client.LastUsedAt is null || now - client.LastUsedAt > LastUsedPrecision)
        {
            await db.Set<ApiClient>().Where(c => c.Id == client.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), http.RequestAborted);
        }
        await next(http);
    }

    /// <summary>A federation's client: its row, its federation (the route's, never another), its scope.</summary>
    private async Task FederationClientAsync(HttpContext http, AppDbContext db, ClaimsPrincipal user, Guid clientId, string federationClaim, DateTimeOffset now, ILogger logger, string side)
    {
        var client = await db.Set<FederationApiClient>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == clientId, http.RequestAborted);
        var slug = http.GetRouteValue("federation") as string;
        var routeFederation = slug is null ? null
            : await db.Set<TwinningCloud.Web.Features.Federations.Federation>().Where(f => f.Slug == slug).Select(f => (Guid?)f.Id).FirstOrDefaultAsync(http.RequestAborted);
        if (client is null || !client.IsUsable(now) || client.FederationId.ToString() != federationClaim || routeFederation != client.FederationId
            || user.FindFirstValue(ApiClaims.Generation) != client.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            ApiClientEvents.TokenRefused(logger, side, client?.ClientId, "federation client revoked, expired, rotated, or used outside its federation's API");
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "invalid_token", "The client was revoked or has expired, its secret was replaced, or this is not its federation's API.");
            return;
        }
        var scope = http.GetEndpoint()?.Metadata.GetMetadata<ApiScopeAttribute>()?.Scope;
        if (scope is null || !user.HasScope(scope))
        {
            ApiClientEvents.TokenRefused(logger, side, client.ClientId, scope is null ? "no API scope opens this address" : $"scope {scope} not granted");
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "insufficient_scope", "API clients cannot use this address.", scope);
            return;
        }
        http.Items[AuthorizationServer.ClientRateItem] = new AuthorizationServer.ClientRate(client.Id, client.RequestsPerMinute);
        if (client.LastUsedAt is null || now - client.LastUsedAt > LastUsedPrecision)
        {
            await db.Set<FederationApiClient>().Where(c => c.Id == client.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), http.RequestAborted);
        }
        await next(http);
    }

    private static async Task RefuseAsync(HttpContext http, int status, string error, string detail, string? scope = null)
    {
        http.Response.Headers.WWWAuthenticate = scope is null ? $"Bearer error=\"{error}\"" : $"Bearer error=\"{error}\", scope=\"{scope}\"";
        await TypedResults.Problem(statusCode: status, title: status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden", detail: detail).ExecuteAsync(http);
    }

    /// <summary>A client's token as a principal of the API: true when it carries a client (an application acting for a person too).</summary>
    public static bool IsClient(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ApiClaims.Client);
}

/// <summary>
/// The staff policies (<c>tenant-staff</c>…) require a person's role; a client has none. For a client's token on an
/// endpoint whose scope it holds (already checked by <see cref="ApiClientGate"/>), the role requirement is met.
/// Not for an application acting for a person: there the person's role (read again by the gate) must meet it.
/// </summary>
public sealed class ApiClientAuthorizationHandler(IHttpContextAccessor accessor) : AuthorizationHandler<RolesAuthorizationRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RolesAuthorizationRequirement requirement)
    {
        if (ApiClientGate.IsClient(context.User) && !PersonTokens.IsPerson(context.User)
            && accessor.HttpContext?.GetEndpoint()?.Metadata.GetMetadata<ApiScopeAttribute>()?.Scope is { } scope
            && context.User.HasScope(scope))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

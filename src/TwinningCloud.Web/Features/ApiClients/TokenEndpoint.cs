using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>Claims of a client's access token besides OpenIddict's own (subject = client_id, scopes).</summary>
public static class ApiClaims
{
    /// <summary>Our <see cref="ApiClient.Id"/>.</summary>
    public const string Client = "tc:api_client";

    /// <summary>The client's <see cref="ApiClient.Generation"/> when the token was issued.</summary>
    public const string Generation = "tc:client_gen";

    /// <summary>A token of an application acting for a person: the person's user id.</summary>
    public const string Person = "tc:person";

    /// <summary>The person's security stamp when they consented ("sign out everywhere" or a new password refuses the token).</summary>
    public const string Stamp = "tc:stamp";

    /// <summary>A federation's API client: the federation's id (the token is worth something only at that federation's API).</summary>
    public const string Federation = "tc:api_federation";
}

/// <summary>
/// <c>POST /{town}/connect/token</c>: OpenIddict checks the client's id and secret (and that the scopes asked for are
/// permitted to it) before this runs; here the client must belong to this town and be neither revoked nor expired.
/// The token carries the town's id (checked against the resolved town on every request, like cookies), the client
/// and its generation (a rotated secret or a revocation refuses older tokens at once) and the granted scopes
/// (all of the client's when none are asked for).
/// </summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapAuthorizationServer(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", ExchangeAsync).AllowAnonymous().DisableAntiforgery()
            .WithScope(EndpointScope.Tenant).ExcludeFromDescription();
        app.MapFederationClients();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext http, AppDbContext db, TenantContext tenant, TimeProvider clock, ILoggerFactory loggers)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var logger = loggers.CreateLogger(ApiClientEvents.Category);
        var side = tenant.Required.Slug;
        var now = clock.GetUtcNow();
        var client = await db.Set<ApiClient>().FirstOrDefaultAsync(c => c.ClientId == request.ClientId, http.RequestAborted);
        if (client is null || !client.IsUsable(now))
        {
            ApiClientEvents.TokenRequestRefused(logger, side, request.ClientId, client is null ? "not a client of this town" : "revoked or expired");
            return Refuse(OpenIddictConstants.Errors.InvalidClient, "The client is unknown here, revoked or expired.");
        }
        ClaimsPrincipal principal;
        if (request.IsClientCredentialsGrantType() && client.Kind == ApiClientKind.Machine)
        {
            principal = MachinePrincipal(client, tenant.Required.Id, request.GetScopes());
        }
        else if ((request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType()) && client.Kind == ApiClientKind.Person)
        {
            // OpenIddict has checked the code (PKCE verifier, redirect URI, single use) or the refresh token (single use:
            // a token used twice revokes every token of its authorization, see AuthorizationServer). The client and the
            // person are read again: a rotated secret, a revoked client, a person who left the team or signed out
            // everywhere get no new token; the role is the person's role now.
            var granted = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            var refreshed = granted is null ? null : await PersonTokens.RefreshAsync(db, granted, client, http.RequestAborted);
            if (refreshed is null)
            {
                ApiClientEvents.TokenRequestRefused(logger, side, client.ClientId, "the person or the client changed since consent (left the team, signed out everywhere, secret rotated)");
                return Refuse(OpenIddictConstants.Errors.InvalidGrant, "The grant is no longer valid; ask the person to sign in again.");
            }
            principal = refreshed;
        }
        else
        {
            return Refuse(OpenIddictConstants.Errors.UnauthorizedClient, "This grant type is not allowed for this client.");
        }

        client.LastUsedAt = now;
        await db.SaveChangesAsync(http.RequestAborted);
        ApiClientEvents.TokenIssued(logger, side, client.ClientId, string.Join(' ', principal.GetScopes()));
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ClaimsPrincipal MachinePrincipal(ApiClient client, Guid tenantId, System.Collections.Immutable.ImmutableArray<string> asked)
    {
        var scopes = asked.IsDefaultOrEmpty ? client.ScopeList.ToList() : asked.ToList();
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId);
        identity.SetClaim(Claims.Name, client.Name);
        identity.SetClaim(AppClaims.Tenant, tenantId.ToString());
        identity.SetClaim(ApiClaims.Client, client.Id.ToString());
        identity.SetClaim(ApiClaims.Generation, client.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}

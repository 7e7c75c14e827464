using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// API clients of a federation (ADR 0011): registered, rotated and revoked by the federation's admins at
/// <c>/federations/{slug}/api-clients</c>; tokens from <c>POST /federations/{slug}/connect/token</c> (client credentials),
/// issued by the federation's own issuer (<c>{Site:PublicOrigin}/federations/{slug}/</c>) and bound to it; the directory
/// API <c>GET /api/v1/federations/{slug}/directory</c> needs <see cref="FederationApiClient.DirectoryRead"/>.
/// </summary>
public sealed class FederationClients(AppDbContext db, IOpenIddictApplicationManager applications, TimeProvider clock)
{
    /// <summary>The federation's clients, newest first, revoked ones last (bounded).</summary>
    public Task<List<FederationApiClient>> ListAsync(Guid federationId, CancellationToken ct) =>
        db.Set<FederationApiClient>().AsNoTracking().Where(c => c.FederationId == federationId)
            .OrderBy(c => c.RevokedAt != null).ThenByDescending(c => c.CreatedAt).Take(FederationApiClient.MaxPerFederation * 2).ToListAsync(ct);

    public async Task<ApiClientResultOf<FederationApiClient>> CreateAsync(Federation federation, string? name, Guid? actor, CancellationToken ct)
    {
        name = name?.Trim() ?? "";
        var errors = new Dictionary<string, string>();
        if (name.Length == 0)
        {
            errors["Name"] = "apiclients.error.name-required";
        }
        else if (name.Length > ApiClient.MaxNameLength)
        {
            errors["Name"] = "apiclients.error.name-too-long";
        }
        if (errors.Count == 0 && await db.Set<FederationApiClient>().CountAsync(c => c.FederationId == federation.Id && c.RevokedAt == null, ct) >= FederationApiClient.MaxPerFederation)
        {
            errors[""] = "fedclients.error.too-many";
        }
        if (errors.Count > 0)
        {
            return new(null, null, errors);
        }
        var client = new FederationApiClient
        {
            FederationId = federation.Id,
            Name = name,
            ClientId = $"fed-{federation.Slug}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}",
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
        var secret = NewSecret();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(client);
        await db.SaveChangesAsync(ct);
        await applications.CreateAsync(Descriptor(client, secret), ct);
        await transaction.CommitAsync(ct);
        return new(client, secret, new Dictionary<string, string>());
    }

    public async Task<ApiClientResultOf<FederationApiClient>> RotateAsync(Guid federationId, Guid id, CancellationToken ct)
    {
        var client = await db.Set<FederationApiClient>().FirstOrDefaultAsync(c => c.FederationId == federationId && c.Id == id && c.RevokedAt == null, ct);
        if (client is null)
        {
            return new(null, null, new Dictionary<string, string> { [""] = "apiclients.error.not-found" });
        }
        var secret = NewSecret();
        client.Generation++;
        client.SecretRotatedAt = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (await applications.FindByClientIdAsync(client.ClientId, ct) is { } application)
        {
            await applications.UpdateAsync(application, secret, ct);
        }
        else
        {
            await applications.CreateAsync(Descriptor(client, secret), ct);
        }
        await transaction.CommitAsync(ct);
        return new(client, secret, new Dictionary<string, string>());
    }

    public async Task<FederationApiClient?> RevokeAsync(Guid federationId, Guid id, CancellationToken ct)
    {
        var client = await db.Set<FederationApiClient>().FirstOrDefaultAsync(c => c.FederationId == federationId && c.Id == id && c.RevokedAt == null, ct);
        if (client is null)
        {
            return null;
        }
        client.RevokedAt = clock.GetUtcNow();
        client.Generation++;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (await applications.FindByClientIdAsync(client.ClientId, ct) is { } application)
        {
            await applications.DeleteAsync(application, ct);
        }
        await transaction.CommitAsync(ct);
        return client;
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static OpenIddictApplicationDescriptor Descriptor(FederationApiClient client, string secret)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = client.Name,
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        descriptor.Permissions.Add(Permissions.Prefixes.Scope + FederationApiClient.DirectoryRead);
        return descriptor;
    }
}

/// <summary>The federation side of the authorization server: its token endpoint and its directory API.</summary>
public static class FederationClientEndpoints
{
    /// <summary>A federation side of the authorization server: <c>/federations/{slug}/connect/...</c> and the federation's API routes.</summary>
    public static string? FederationSlugOf(HttpContext http)
    {
        var path = (http.Request.PathBase + http.Request.Path).Value ?? "";
        foreach (var prefix in new[] { "/federations/", "/api/v1/federations/" })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = path[prefix.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                return slash > 0 ? rest[..slash] : null;
            }
        }
        return null;
    }

    public static IEndpointRouteBuilder MapFederationClients(this IEndpointRouteBuilder app)
    {
        app.MapPost("/federations/{federation}/connect/token", ExchangeAsync).AllowAnonymous().DisableAntiforgery()
            .WithScope(EndpointScope.Platform).ExcludeFromDescription();
        app.MapGet("/api/v1/federations/{federation}/directory", DirectoryAsync)
            .RequireAuthorization(Policy)
            .WithMetadata(new ApiScopeAttribute(FederationApiClient.DirectoryRead))
            .WithScope(EndpointScope.Platform)
            .ExcludeFromDescription(); // the OpenAPI document describes the towns' API (its paths are under the town)
        return app;
    }

    /// <summary>The directory API's policy: a token of a federation's API client (the gate checks it is this federation's).</summary>
    public const string Policy = "federation-api-client";

    private static async Task<IResult> ExchangeAsync(string federation, HttpContext http, AppDbContext db, TimeProvider clock, ILoggerFactory loggers)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var logger = loggers.CreateLogger(ApiClientEvents.Category);
        var side = $"federation {federation}";
        var now = clock.GetUtcNow();
        var found = await db.Set<Federation>().AsNoTracking().FirstOrDefaultAsync(f => f.Slug == federation, http.RequestAborted);
        var client = found is null ? null : await db.Set<FederationApiClient>().FirstOrDefaultAsync(c => c.FederationId == found.Id && c.ClientId == request.ClientId, http.RequestAborted);
        if (!request.IsClientCredentialsGrantType() || found is null || client is null || !client.IsUsable(now))
        {
            ApiClientEvents.TokenRequestRefused(logger, side, request.ClientId, client is null ? "not a client of this federation" : "revoked or expired");
            return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = OpenIddictConstants.Errors.InvalidClient,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The client is unknown here, revoked or expired.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId);
        identity.SetClaim(Claims.Name, client.Name);
        identity.SetClaim(ApiClaims.Federation, found.Id.ToString());
        identity.SetClaim(ApiClaims.Client, client.Id.ToString());
        identity.SetClaim(ApiClaims.Generation, client.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
        identity.SetScopes(client.ScopeList);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        client.LastUsedAt = now;
        await db.SaveChangesAsync(http.RequestAborted);
        ApiClientEvents.TokenIssued(logger, side, client.ClientId, client.Scopes);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> DirectoryAsync(string federation, HttpContext http, FederationDirectory directory, PublicOrigin origin, int? page, int? pageSize)
    {
        if (await directory.FindAsync(federation, http.RequestAborted) is not { } found)
        {
            return TypedResults.NotFound();
        }
        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var number = Math.Max(page ?? 1, 1);
        var index = await directory.IndexAsync(found, http.RequestAborted);
        var rows = index.All(DirectoryRequest.Read(http.Request.Query) with { Page = 1 }, DirectoryExportModel.MaxRows);
        var items = rows.Skip((number - 1) * size).Take(size).Select(row =>
        {
            var member = index.Members[row.TenantId].Tenant;
            return new
            {
                member = member.DisplayName,
                memberSite = origin.Of(member),
                partnerCity = row.CityName,
                country = row.CountryCode,
                agreement = row.Title,
                kind = row.Kind?.ToString(),
                year = row.Year,
                ended = row.AgreementId is null ? (bool?)null : row.Ended,
                domains = row.DomainKeys,
            };
        }).ToList();
        return TypedResults.Ok(new { federation = found.Name, items, page = number, pageSize = size, total = rows.Count });
    }
}

/// <summary>The outcome of a registration or rotation: the client and its secret (shown once), or the errors by field.</summary>
public sealed record ApiClientResultOf<T>(T? Client, string? Secret, IReadOnlyDictionary<string, string> Errors) where T : class
{
    public bool Succeeded => Errors.Count == 0 && Client is not null;
}

using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.RateLimiting;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using OpenIddict.Validation;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// OpenIddict as the platform's authorization server (ADR 0011): its stores in our database, one issuer per town
/// (the town's configured address, never the request's <c>Host</c>), tokens validated by OpenIddict's validation
/// handler for the API, keys from configuration (development certificates only in Development and tests), and
/// per-client rate limits.
/// </summary>
public static class AuthorizationServer
{
    /// <summary><c>HttpContext.Items</c> key of the calling client's rate (set by <see cref="ApiClientGate"/>).</summary>
    internal const string ClientRateItem = "tc.api-client-rate";

    internal sealed record ClientRate(Guid ClientId, int PerMinute);

    public static WebApplicationBuilder AddApiAuthorizationServer(this WebApplicationBuilder builder, IEnumerable<PlatformModule> modules)
    {
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        var scopes = modules.SelectMany(m => m.ApiScopes).Select(s => s.Name).Distinct().ToArray();
        var developmentKeys = environment.IsDevelopment() || environment.IsEnvironment("Testing");
        var keys = ConfiguredKeys(configuration);

        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<AppDbContext>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris("connect/token")
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetIntrospectionEndpointUris("connect/introspect");
                o.AllowClientCredentialsFlow();
                // Applications acting for a person: authorization code with PKCE (every client), refresh tokens.
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AllowRefreshTokenFlow();
                o.RegisterScopes([.. scopes, OpenIddict.Abstractions.OpenIddictConstants.Scopes.OfflineAccess, FederationApiClient.DirectoryRead]);
                o.SetAccessTokenLifetime(TimeSpan.FromHours(1));
                o.SetRefreshTokenLifetime(TimeSpan.FromDays(14));
                // Refresh tokens are rolling (OpenIddict's default: each use redeems the token and returns a new one) and
                // single use with no leeway: a redeemed refresh token presented again makes OpenIddict revoke every token
                // of its authorization (the family: the code's access and refresh tokens and all their successors).
                o.SetRefreshTokenReuseLeeway(null);
                if (keys is { } configured)
                {
                    o.AddSigningCertificate(configured.Signing).AddEncryptionCertificate(configured.Encryption);
                }
                else if (developmentKeys)
                {
                    o.AddDevelopmentSigningCertificate().AddDevelopmentEncryptionCertificate();
                }
                else
                {
                    o.AddEphemeralSigningKey().AddEphemeralEncryptionKey(); // logged as a warning at start (EphemeralKeysWarning)
                }
                // Revocation and introspection answer only this town's clients about this town's tokens.
                o.AddEventHandler<OpenIddictServerEvents.ValidateIntrospectionRequestContext>(h => h
                    .UseScopedHandler<TownBoundTokenRequests>()
                    .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order - 1));
                o.AddEventHandler<OpenIddictServerEvents.ValidateRevocationRequestContext>(h => h
                    .UseScopedHandler<TownBoundTokenRequests>()
                    .SetOrder(OpenIddictServerHandlers.Revocation.ValidateAuthorizedParty.Descriptor.Order - 1));
                var aspNetCore = o.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough();
                if (developmentKeys)
                {
                    aspNetCore.DisableTransportSecurityRequirement(); // tests and the embedded default speak plain HTTP on loopback
                }
                // A federation's endpoints live under /federations/{slug}/ (connect/token, discovery): its own base address.
                o.AddEventHandler<OpenIddictServerEvents.ProcessRequestContext>(h => h
                    .UseInlineHandler(context =>
                    {
                        if (context.Transaction.GetHttpRequest()?.HttpContext is { } http && context.BaseUri is { } root
                            && http.Request.Path.StartsWithSegments("/federations", StringComparison.OrdinalIgnoreCase) && FederationClientEndpoints.FederationSlugOf(http) is { } slug)
                        {
                            context.BaseUri = new Uri(root, $"federations/{slug}/");
                        }
                        return default;
                    })
                    .SetOrder(OpenIddictServerHandlers.InferEndpointType.Descriptor.Order - 1));
                // The issuer is the town's address from configuration (PublicOrigin), not the address the request used.
                o.AddEventHandler<OpenIddictServerEvents.ProcessRequestContext>(h => h
                    .UseInlineHandler(context =>
                    {
                        if (context.Transaction.GetHttpRequest()?.HttpContext is { } http)
                        {
                            context.BaseUri = IssuerOf(http);
                        }
                        return default;
                    })
                    .SetOrder(OpenIddictServerHandlers.InferEndpointType.Descriptor.Order + 1));
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                o.EnableTokenEntryValidation(); // a revoked token (RFC 7009) or a deleted client's token is refused at once
                o.AddEventHandler<OpenIddictValidationEvents.ProcessRequestContext>(h => h
                    .UseInlineHandler(context =>
                    {
                        if (context.Transaction.GetHttpRequest()?.HttpContext is { } http)
                        {
                            context.BaseUri = IssuerOf(http); // a token is valid only at the issuer of the town it was issued by
                        }
                        return default;
                    })
                    .SetOrder(OpenIddict.Validation.AspNetCore.OpenIddictValidationAspNetCoreHandlers.ResolveRequestUri.Descriptor.Order + 1));
            });

        if (keys is null && !developmentKeys)
        {
            builder.Services.AddHostedService<EphemeralKeysWarning>();
        }
        builder.Services.AddScoped<ApiClientRegistry>();
        builder.Services.AddScoped<FederationClients>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(FederationClientEndpoints.Policy, p => p.AddAuthenticationSchemes(TwinningCloud.Web.Platform.Identity.IdentitySetup.OAuthBearer).RequireClaim(ApiClaims.Federation));
        builder.Services.AddScoped<TwinningCloud.Web.Platform.Demo.IDemoDataContributor, ApiClientDemoData>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ApiClientAuthorizationHandler>();
        builder.Services.Configure<RateLimiterOptions>(o =>
        {
            // Each client has its own rate (requests a minute, on its page); people and anonymous calls are not limited here.
            o.GlobalLimiter = new ClientRateLimiter(PartitionedRateLimiter.Create<HttpContext, string>(http => http.Items[ClientRateItem] is ClientRate rate
                ? RateLimitPartition.GetFixedWindowLimiter($"{rate.ClientId}|{rate.PerMinute}",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = rate.PerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(string.Empty)));
            var previous = o.OnRejected;
            o.OnRejected = async (context, ct) =>
            {
                if (previous is not null)
                {
                    await previous(context, ct);
                }
                var http = context.HttpContext;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (TwinningCloud.Web.Platform.PlatformSetup.IsApiRequest(http) && !http.Response.HasStarted)
                {
                    await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                        detail: $"This client's rate is used up; try again in {seconds} s.").ExecuteAsync(http);
                }
            };
        });
        return builder;
    }

    /// <summary>
    /// The issuer of the request's side: the town's configured address, a federation's (the platform's address and
    /// <c>/federations/{slug}</c>, for its endpoints and its API routes) or the platform's; with a trailing slash.
    /// </summary>
    public static Uri IssuerOf(HttpContext http)
    {
        var tenant = http.RequestServices.GetRequiredService<TenantContext>().Current;
        var origin = http.RequestServices.GetRequiredService<PublicOrigin>().Of(tenant);
        if (tenant is null && FederationClientEndpoints.FederationSlugOf(http) is { } federation)
        {
            return new Uri($"{origin}/federations/{Uri.EscapeDataString(federation)}/", UriKind.Absolute);
        }
        return new Uri(origin + "/", UriKind.Absolute);
    }

    private static (X509Certificate2 Signing, X509Certificate2 Encryption)? ConfiguredKeys(ConfigurationManager configuration)
    {
        var signing = configuration.GetSection("Api:SigningCertificate");
        var encryption = configuration.GetSection("Api:EncryptionCertificate");
        if (string.IsNullOrWhiteSpace(signing["Path"]) && string.IsNullOrWhiteSpace(encryption["Path"]))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(signing["Path"]) || string.IsNullOrWhiteSpace(encryption["Path"]))
        {
            throw new InvalidOperationException("Set both Api:SigningCertificate:Path and Api:EncryptionCertificate:Path (PKCS#12 files), or neither.");
        }
        return (X509CertificateLoader.LoadPkcs12FromFile(signing["Path"]!, signing["Password"]),
            X509CertificateLoader.LoadPkcs12FromFile(encryption["Path"]!, encryption["Password"]));
    }

    private sealed class EphemeralKeysWarning(ILogger<EphemeralKeysWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("Api:SigningCertificate and Api:EncryptionCertificate are not set: API tokens are signed with keys held in memory; they stop working when this instance restarts and are not accepted by other instances.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

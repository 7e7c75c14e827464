using Microsoft.EntityFrameworkCore;
using OpenIddict.Server;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// Revocation (RFC 7009) and introspection (RFC 7662) at a town's address: OpenIddict authenticates the calling client
/// platform-wide; here the caller must be one of this town's clients and the token one of this town's. Otherwise the
/// answer is the one for an unknown token (introspection: <c>active: false</c>; revocation: 200 and nothing revoked),
/// so a client of Bagnolet learns nothing about Marseille's tokens and cannot revoke them.
/// </summary>
public sealed class TownBoundTokenRequests(AppDbContext db, TenantContext tenant, ILoggerFactory loggers)
    : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>, IOpenIddictServerHandler<ValidateRevocationRequestContext>
{
    public ValueTask HandleAsync(ValidateIntrospectionRequestContext context) =>
        CheckAsync(context, context.ClientId, context.GenericTokenPrincipal, "introspection");

    public ValueTask HandleAsync(ValidateRevocationRequestContext context) =>
        CheckAsync(context, context.ClientId, context.GenericTokenPrincipal, "revocation");

    private async ValueTask CheckAsync(BaseValidatingContext context, string? clientId, System.Security.Claims.ClaimsPrincipal? token, string what)
    {
        var town = tenant.Current;
        var callerIsHere = town is not null && clientId is not null
            && await db.Set<ApiClient>().AnyAsync(c => c.ClientId == clientId, context.CancellationToken);
        var tokenIsHere = town is not null && token?.FindFirst(AppClaims.Tenant)?.Value == town.Id.ToString();
        if (callerIsHere && tokenIsHere)
        {
            return;
        }
        ApiClientEvents.TokenRequestRefused(loggers.CreateLogger(ApiClientEvents.Category), town?.Slug ?? "platform", clientId,
            callerIsHere ? $"{what} of a token of another side" : $"{what} by a client of another side");
        context.Reject(OpenIddict.Abstractions.OpenIddictConstants.Errors.InvalidToken, "The token is unknown here.");
    }
}

using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using TwinningCloud.Web.Features.Register.Agreements;

namespace TwinningCloud.Web.Features.Agreements;

/// <summary>The staff route's <c>{id}</c> names a record of this type, which must exist in the current tenant.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RouteRecordAttribute(Type entity) : Attribute
{
    public Type Entity { get; } = entity;
}

/// <summary>
/// Routing policy: a staff route whose <c>{id}</c> is not a record of the current tenant does not match, so
/// another tenant's (or an unknown) id is a 404 for everyone, before sign-in is asked for; a real id of
/// this tenant still asks an anonymous visitor to sign in.
/// </summary>
public sealed class ExistingRecordMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 1;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<RouteRecordAttribute>() is not null);

    public async Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i) || candidates[i].Endpoint.Metadata.GetMetadata<RouteRecordAttribute>() is not { } record
                || candidates[i].Values?["id"] is not { } raw || !Guid.TryParse(raw.ToString(), out var id))
            {
                continue;
            }
            if (httpContext.RequestServices.GetRequiredService<TenantContext>().Current is null || !await ExistsAsync(httpContext, record.Entity, id))
            {
                candidates.SetValidity(i, false);
            }
        }
    }

    private static Task<bool> ExistsAsync(HttpContext http, Type entity, Guid id)
    {
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        return entity == typeof(PartnerCity) ? db.Set<PartnerCity>().AnyAsync(c => c.Id == id, http.RequestAborted)
            : entity == typeof(Agreement) ? db.Set<Agreement>().AnyAsync(a => a.Id == id, http.RequestAborted)
            : throw new InvalidOperationException($"No existence check for {entity.Name}.");
    }
}

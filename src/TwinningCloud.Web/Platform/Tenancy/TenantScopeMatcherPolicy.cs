using Microsoft.AspNetCore.Routing.Matching;

namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>
/// Routing policy: a request with a tenant can only match <see cref="EndpointScope.Tenant"/> and
/// <see cref="EndpointScope.Shared"/> endpoints, a request without one only
/// <see cref="EndpointScope.Platform"/> and <see cref="EndpointScope.Shared"/> endpoints. So the
/// platform and every tenant can each have their own "/" and an endpoint of the wrong side is a 404.
/// </summary>
internal sealed class TenantScopeMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Count > 0;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var hasTenant = httpContext.RequestServices.GetRequiredService<TenantContext>().Current is not null;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i))
            {
                continue;
            }
            var scope = EndpointScopeExtensions.ScopeOf(candidates[i].Endpoint);
            var fits = scope switch
            {
                EndpointScope.Tenant => hasTenant,
                EndpointScope.Platform => !hasTenant,
                _ => true,
            };
            if (!fits)
            {
                candidates.SetValidity(i, false);
            }
        }
        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>
/// The route's <c>{id}</c> names a record of this type (an entity with a <see cref="Guid"/> key <c>Id</c>), which must exist
/// in the current tenant.
/// </summary>
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
internal sealed class ExistingRecordMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
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

    private static readonly ConcurrentDictionary<Type, Func<AppDbContext, Guid, CancellationToken, Task<bool>>> Checks = new();

    private static readonly MethodInfo ExistsOfType = typeof(ExistingRecordMatcherPolicy).GetMethod(nameof(ExistsOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task<bool> ExistsAsync(HttpContext http, Type entity, Guid id) =>
        Checks.GetOrAdd(entity, type => ExistsOfType.MakeGenericMethod(type).CreateDelegate<Func<AppDbContext, Guid, CancellationToken, Task<bool>>>())
            (http.RequestServices.GetRequiredService<AppDbContext>(), id, http.RequestAborted);

    /// <summary>Through the context's query filters, so another tenant's record does not exist here.</summary>
    private static Task<bool> ExistsOf<TEntity>(AppDbContext db, Guid id, CancellationToken ct) where TEntity : class =>
        db.Set<TEntity>().AnyAsync(e => EF.Property<Guid>(e, "Id") == id, ct);
}

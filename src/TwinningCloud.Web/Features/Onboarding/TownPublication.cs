using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Onboarding;

/// <summary>
/// Publishes the current town (its public pages open, it is listed on the platform's front page) or takes it
/// back to preparation. The change is on the tenant row: saving it tells every instance that the tenant list
/// changed, which drops every cached public page and reloads the tenant list (ADR 0006). Recorded in the
/// town's audit trail.
/// </summary>
public sealed class TownPublication(AppDbContext db, TenantContext tenantContext, TenantCatalog catalog, AuditActor actor, TimeProvider clock, ILogger<TownPublication> logger)
{
    public const string PublishedAction = "Published";
    public const string UnpublishedAction = "Unpublished";

    /// <summary>Sets the state; false when it already was so (nothing changes).</summary>
    public async Task<bool> SetPublishedAsync(bool published, CancellationToken ct)
    {
        var id = tenantContext.Required.Id;
        var tenant = await db.Tenants.FirstAsync(t => t.Id == id, ct);
        if (tenant.InPreparation != published)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        tenant.InPreparation = !published;
        tenant.PublishedAt = published ? now : tenant.PublishedAt;
        tenant.UpdatedAt = now;
        db.Add(new AuditEntry
        {
            ActorId = actor.Id, ActorName = actor.Name, At = now, SubjectType = nameof(Tenant), SubjectId = id, EntityType = nameof(Tenant),
            Action = published ? PublishedAction : UnpublishedAction, Changes = "{}",
        });
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        logger.LogInformation("Town {Tenant} {State} by {Actor}", tenant.Slug, published ? "published" : "back in preparation", actor.Id);
        return true;
    }
}

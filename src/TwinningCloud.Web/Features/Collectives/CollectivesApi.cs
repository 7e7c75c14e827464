using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// The collectives in the JSON API (<c>/{town}/api/v1/collectives</c>): their public data for anyone (archived ones
/// are not public), a collective's members for the town's staff only.
/// </summary>
public static class CollectivesApi
{
    public const int MaxItems = 500;
    public const int MaxMembers = 5000;

    public sealed record CollectiveItem(
        Guid Id, string Name, string? NameOther, string? Description, string? DescriptionOther, Guid? PartnerCityId, Guid? AgreementId,
        string SignUpMode, int? Capacity, int Members);

    public sealed record MemberItem(
        Guid Id, string Name, string? AssociationName, string Email, string Status, string Language, bool Coordinator,
        DateTimeOffset SignedUpAt, DateTimeOffset? ConfirmedAt);

    public static void MapCollectivesApi(this IEndpointRouteBuilder group)
    {
        var api = group.MapGroup("/api/v1").WithTags("Collectives");

        api.MapGet("/collectives", async Task<Ok<List<CollectiveItem>>> (AppDbContext db, CancellationToken ct) =>
            {
                var items = await db.Set<Collective>().AsNoTracking().OrderBy(c => c.Name).Take(MaxItems)
                    .Select(c => new CollectiveItem(c.Id, c.Name, c.NameOther, c.Description, c.DescriptionOther, c.PartnerCityId, c.AgreementId,
                        c.SignUpMode.ToString(), c.Capacity,
                        db.Set<CollectiveMember>().Count(m => m.CollectiveId == c.Id && m.Status == MemberStatus.Member)))
                    .ToListAsync(ct);
                return TypedResults.Ok(items);
            })
            .AllowAnonymous().WithName("ListCollectives").WithSummary("The town's citizen collectives (public data; archived ones are not public)");

        api.MapGet("/collectives/{id:guid}/members", async Task<Results<Ok<List<MemberItem>>, NotFound>> (Guid id, AppDbContext db, CancellationToken ct) =>
            {
                if (!await db.Set<Collective>().AnyAsync(c => c.Id == id, ct))
                {
                    return TypedResults.NotFound();
                }
                var items = await db.Set<CollectiveMember>().AsNoTracking().Where(m => m.CollectiveId == id)
                    .OrderBy(m => m.Name).ThenBy(m => m.Id).Take(MaxMembers)
                    .Select(m => new MemberItem(m.Id, m.Name, m.AssociationName, m.Email, m.Status.ToString(), m.Language, m.IsCoordinator, m.CreatedAt, m.ConfirmedAt))
                    .ToListAsync(ct);
                return TypedResults.Ok(items);
            })
            .RequireAuthorization(Policies.TenantStaff).WithName("ListCollectiveMembers").WithSummary("A collective's members (the town's staff only)");
    }
}

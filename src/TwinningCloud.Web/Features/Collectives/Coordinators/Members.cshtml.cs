using Microsoft.AspNetCore.Authorization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>A collective's members for its member coordinators (their collectives only; 404 for any other).</summary>
[AllowAnonymous]
[CitizenSessionPage]
public sealed class CoordinatorMembersModel(CollectiveAreas areas, AppDbContext db, CollectiveMemberships memberships)
    : MembersPage(CollectiveArea.Coordinator, areas, db, memberships);

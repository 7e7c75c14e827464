using Microsoft.AspNetCore.Authorization;
using TwinningCloud.Web.Features.Collectives.Coordinators;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Admin;

/// <summary>A collective's members for staff (any collective of the town); the logic is shared with coordinators (<see cref="MembersPage"/>).</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class CollectiveMembersModel(CollectiveAreas areas, AppDbContext db, CollectiveMemberships memberships)
    : MembersPage(CollectiveArea.Staff, areas, db, memberships);

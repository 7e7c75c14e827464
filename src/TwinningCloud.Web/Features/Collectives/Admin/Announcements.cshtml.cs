using Microsoft.AspNetCore.Authorization;
using TwinningCloud.Web.Features.Collectives.Coordinators;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Admin;

/// <summary>A collective's announcements for staff (any collective of the town); the logic is shared with coordinators (<see cref="AnnouncementsPage"/>).</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class CollectiveAnnouncementsModel(CollectiveAreas areas, AppDbContext db, AnnouncementSender sender)
    : AnnouncementsPage(CollectiveArea.Staff, areas, db, sender);

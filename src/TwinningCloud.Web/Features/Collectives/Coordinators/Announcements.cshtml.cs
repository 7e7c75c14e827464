using Microsoft.AspNetCore.Authorization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>A collective's announcements for its member coordinators (their collectives only; 404 for any other).</summary>
[AllowAnonymous]
[CitizenSessionPage]
public sealed class CoordinatorAnnouncementsModel(CollectiveAreas areas, AppDbContext db, AnnouncementSender sender)
    : AnnouncementsPage(CollectiveArea.Coordinator, areas, db, sender);

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Meetings;

/// <summary>
/// A collective's next meetings (not cancelled, not over; 5 at most) on its public page and in "My collectives",
/// where <c>memberId</c> adds the member's own answer.
/// </summary>
public sealed class NextMeetingsViewComponent(AppDbContext db, TimeProvider clock) : ViewComponent
{
    public const int Shown = 5;

    public sealed record Item(CollectiveMeeting Meeting, RsvpAnswer? Answer);

    public sealed record Model(Guid CollectiveId, IReadOnlyList<Item> Items, bool ForMember);

    public async Task<IViewComponentResult> InvokeAsync(Guid collectiveId, Guid? memberId = null)
    {
        var ct = HttpContext.RequestAborted;
        var now = clock.GetUtcNow();
        var meetings = await db.Set<CollectiveMeeting>().AsNoTracking()
            .Where(m => m.CollectiveId == collectiveId && !m.IsCancelled && m.EndsAt > now)
            .OrderBy(m => m.StartsAt).Take(Shown).ToListAsync(ct);
        var answers = new Dictionary<Guid, RsvpAnswer>();
        if (memberId is { } member && meetings.Count > 0)
        {
            var ids = meetings.Select(m => m.Id).ToList();
            answers = await db.Set<MeetingRsvp>().AsNoTracking().Where(r => r.MemberId == member && ids.Contains(r.MeetingId))
                .ToDictionaryAsync(r => r.MeetingId, r => r.Answer, ct);
        }
        return View("~/Features/Collectives/Meetings/_NextMeetings.cshtml",
            new Model(collectiveId, meetings.Select(m => new Item(m, answers.TryGetValue(m.Id, out var a) ? a : null)).ToList(), memberId is not null));
    }
}

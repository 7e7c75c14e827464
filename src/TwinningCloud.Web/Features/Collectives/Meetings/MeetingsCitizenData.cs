using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Meetings;

/// <summary>A citizen's meeting answers and the meeting mails sent to them, for "download my data" and "erase me".</summary>
public sealed class MeetingsCitizenData(AppDbContext db) : ICitizenDataPart
{
    public string Name => "meetings";

    public async Task<object> ExportAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct)
    {
        var answers = await (from r in db.Set<MeetingRsvp>().AsNoTracking()
                             join m in db.Set<CollectiveMeeting>().AsNoTracking() on r.MeetingId equals m.Id
                             where memberIds.Contains(r.MemberId)
                             orderby m.StartsAt
                             select new { memberId = r.MemberId, meeting = m.Title, startsAt = m.StartsAt, answer = r.Answer.ToString(), answeredAt = r.AnsweredAt })
            .Take(5000).ToListAsync(ct);
        var mails = await (from d in db.Set<MeetingMail>().AsNoTracking()
                           join m in db.Set<CollectiveMeeting>().AsNoTracking() on d.MeetingId equals m.Id
                           where memberIds.Contains(d.MemberId)
                           orderby m.StartsAt, d.Kind
                           select new { memberId = d.MemberId, meeting = m.Title, kind = d.Kind.ToString(), state = d.State.ToString(), sentAt = d.SentAt })
            .Take(5000).ToListAsync(ct);
        return new { answers, mails };
    }

    /// <summary>The answers and the meeting mails' rows (their answer-link hashes) of these memberships.</summary>
    public async Task<int> EraseAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct) =>
        await db.Set<MeetingRsvp>().Where(r => memberIds.Contains(r.MemberId)).ExecuteDeleteAsync(ct)
        + await db.Set<MeetingMail>().Where(d => memberIds.Contains(d.MemberId)).ExecuteDeleteAsync(ct);
}

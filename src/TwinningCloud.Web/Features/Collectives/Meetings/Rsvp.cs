using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Meetings;

/// <summary>
/// The answer links of meeting mails: the secret's SHA-256 is looked up among this town's mail rows (another town's
/// link finds nothing), and names one member and one meeting. A link works while the member is a member and the
/// meeting neither cancelled nor over; answering again replaces the answer.
/// </summary>
public sealed class MeetingAnswers(AppDbContext db, TimeProvider clock)
{
    public sealed record Invitation(CollectiveMeeting Meeting, Collective Collective, CollectiveMember Member, RsvpAnswer? Answer);

    public async Task<Invitation?> FindAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200)
        {
            return null;
        }
        var hash = CitizenTokens.HashOf(secret);
        var mail = await db.Set<MeetingMail>().AsNoTracking().Where(d => d.RsvpHash == hash).Select(d => new { d.MeetingId, d.MemberId }).FirstOrDefaultAsync(ct);
        if (mail is null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var meeting = await db.Set<CollectiveMeeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == mail.MeetingId && !m.IsCancelled && m.EndsAt > now, ct);
        var member = await db.Set<CollectiveMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == mail.MemberId && m.Status == MemberStatus.Member, ct);
        var collective = meeting is null ? null
            : await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == meeting.CollectiveId, ct); // an archived collective's meetings take no answers
        if (meeting is null || member is null || collective is null)
        {
            return null;
        }
        var answer = await db.Set<MeetingRsvp>().Where(r => r.MeetingId == meeting.Id && r.MemberId == member.Id).Select(r => (RsvpAnswer?)r.Answer).FirstOrDefaultAsync(ct);
        return new Invitation(meeting, collective, member, answer);
    }

    /// <summary>Records the answer (the last one counts; two answers at once leave one row).</summary>
    public async Task AnswerAsync(Invitation invitation, RsvpAnswer answer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.Set<MeetingRsvp>().Where(r => r.MeetingId == invitation.Meeting.Id && r.MemberId == invitation.Member.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Answer, answer).SetProperty(r => r.AnsweredAt, now), ct);
            if (updated > 0)
            {
                return;
            }
            var row = new MeetingRsvp { MeetingId = invitation.Meeting.Id, MemberId = invitation.Member.Id, Answer = answer, AnsweredAt = now };
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.Entry(row).State = EntityState.Detached; // answered at the same moment elsewhere: update that row
            }
        }
    }
}

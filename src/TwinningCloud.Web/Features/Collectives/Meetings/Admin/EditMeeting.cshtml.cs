using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives.Meetings.Admin;

/// <summary>One meeting for staff: change it (members get an updated invitation), cancel it (they get a cancellation), see who answered what.</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class EditMeetingModel(AppDbContext db, MeetingPlanner planner, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const int MaxAnswersShown = 1000;

    public sealed record AnswerRow(string Name, string? Association, RsvpAnswer Answer, DateTimeOffset At);

    [BindProperty] public MeetingForm Form { get; set; } = new();
    [TempData] public string? Notice { get; set; }
    public CollectiveMeeting Meeting { get; private set; } = null!;
    public Collective Collective { get; private set; } = null!;
    public IReadOnlyList<AnswerRow> Answers { get; private set; } = [];
    public Dictionary<RsvpAnswer, int> Counts { get; private set; } = [];
    public int Invited { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Form = MeetingForm.From(Meeting, tenant.Required.TimeZone);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (Meeting.IsCancelled)
        {
            Errors["Title"] = "collectives.meetings.error.cancelled";
        }
        var input = Form.Validate(tenant.Required.TimeZone, clock.GetUtcNow(), Errors);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await planner.UpdateAsync(Meeting, input!, HttpContext.RequestAborted);
        Notice = "collectives.meetings.updated";
        return Redirect($"{Request.PathBase}/admin/collectives/meetings/{id}");
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        await planner.CancelAsync(Meeting, HttpContext.RequestAborted);
        Notice = "collectives.meetings.cancelled";
        return Redirect($"{Request.PathBase}/admin/collectives/meetings/{id}");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Set<CollectiveMeeting>().FirstOrDefaultAsync(m => m.Id == id, ct) is not { } meeting
            || await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == meeting.CollectiveId, ct) is not { } collective)
        {
            return false;
        }
        (Meeting, Collective) = (meeting, collective);
        Answers = await (from r in db.Set<MeetingRsvp>().AsNoTracking()
                         join m in db.Set<CollectiveMember>().AsNoTracking() on r.MemberId equals m.Id
                         where r.MeetingId == id
                         orderby r.Answer, m.Name
                         select new AnswerRow(m.Name, m.AssociationName, r.Answer, r.AnsweredAt)).Take(MaxAnswersShown).ToListAsync(ct);
        Counts = await db.Set<MeetingRsvp>().Where(r => r.MeetingId == id).GroupBy(r => r.Answer)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Invited = await db.Set<MeetingMail>().Where(d => d.MeetingId == id && d.Kind == MeetingMailKind.Invitation && d.State == DeliveryState.Sent).CountAsync(ct);
        return true;
    }
}

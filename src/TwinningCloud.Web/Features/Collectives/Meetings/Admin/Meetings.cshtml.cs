using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives.Meetings.Admin;

/// <summary>A collective's meetings for staff: the next ones and the last past ones with their answers' counts, and a form for a new one.</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class CollectiveMeetingsModel(AppDbContext db, MeetingPlanner planner, TenantContext tenant, TimeProvider clock) : PageModel
{
    public sealed record Row(CollectiveMeeting Meeting, int Yes, int No, int Maybe);

    [BindProperty] public MeetingForm Form { get; set; } = new();
    [TempData] public string? Notice { get; set; }
    public Collective Collective { get; private set; } = null!;
    public IReadOnlyList<Row> Upcoming { get; private set; } = [];
    public IReadOnlyList<Row> Past { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var input = Form.Validate(tenant.Required.TimeZone, clock.GetUtcNow(), Errors);
        if (input is not null && Upcoming.Count >= CollectiveMeeting.MaxUpcoming)
        {
            Errors["Title"] = "collectives.meetings.error.too-many";
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var meeting = await planner.CreateAsync(id, input!, HttpContext.RequestAborted);
        Notice = "collectives.meetings.created";
        return Redirect($"{Request.PathBase}/admin/collectives/meetings/{meeting.Id}");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is not { } c)
        {
            return false;
        }
        Collective = c;
        var now = clock.GetUtcNow();
        var upcoming = await db.Set<CollectiveMeeting>().AsNoTracking().Where(m => m.CollectiveId == id && m.EndsAt >= now)
            .OrderBy(m => m.StartsAt).Take(CollectiveMeeting.MaxUpcoming).ToListAsync(ct);
        var past = await db.Set<CollectiveMeeting>().AsNoTracking().Where(m => m.CollectiveId == id && m.EndsAt < now)
            .OrderByDescending(m => m.StartsAt).Take(20).ToListAsync(ct);
        var ids = upcoming.Concat(past).Select(m => m.Id).ToList();
        var counts = await db.Set<MeetingRsvp>().Where(r => ids.Contains(r.MeetingId))
            .GroupBy(r => new { r.MeetingId, r.Answer }).Select(g => new { g.Key.MeetingId, g.Key.Answer, Count = g.Count() }).ToListAsync(ct);
        Row ToRow(CollectiveMeeting m)
        {
            int Count(RsvpAnswer a) => counts.FirstOrDefault(x => x.MeetingId == m.Id && x.Answer == a)?.Count ?? 0;
            return new Row(m, Count(RsvpAnswer.Yes), Count(RsvpAnswer.No), Count(RsvpAnswer.Maybe));
        }
        Upcoming = upcoming.Select(ToRow).ToList();
        Past = past.Select(ToRow).ToList();
        return true;
    }
}

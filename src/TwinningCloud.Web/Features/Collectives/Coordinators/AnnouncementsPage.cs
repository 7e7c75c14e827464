using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Web;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>
/// Write (Markdown), preview and send an announcement to a collective's members; the history with its counts. For
/// staff and for the collective's coordinators; rendered by <c>_Announcements</c>.
/// </summary>
public abstract class AnnouncementsPage(CollectiveArea area, CollectiveAreas areas, AppDbContext db, AnnouncementSender sender)
    : ManagedCollectivePage(area, areas)
{
    public sealed record HistoryRow(Announcement Announcement, int Planned, int Sent, int Failed, int Unsubscribed);

    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }
    [TempData] public string? Notice { get; set; }
    public HtmlString? Preview { get; private set; }
    public int Recipients { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    protected override string TitleKey => "collectives.announce.title-of";

    protected override string PageName => "announcements";

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPreviewAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (Validate())
        {
            Preview = new HtmlString(AnnouncementMarkdown.ToHtml(Body!));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!Validate())
        {
            return Page();
        }
        await sender.SendAsync(id, Subject!.Trim(), Body!, HttpContext.RequestAborted);
        Notice = "collectives.announce.queued";
        return Back();
    }

    private bool Validate()
    {
        if (string.IsNullOrWhiteSpace(Subject) || Subject.Trim().Length > 200 || SingleLineText.HasControlCharacters(Subject))
        {
            Errors["Subject"] = "collectives.error.subject";
        }
        if (string.IsNullOrWhiteSpace(Body) || Body.Length > Announcement.MaxBody)
        {
            Errors["Body"] = "collectives.error.body";
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Errors.Count == 0;
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await OpenAsync(id))
        {
            return false;
        }
        Recipients = await db.Set<CollectiveMember>().CountAsync(m => m.CollectiveId == id && m.Status == MemberStatus.Member && !m.Unsubscribed, ct);
        var announcements = await db.Set<Announcement>().AsNoTracking().Where(a => a.CollectiveId == id).OrderByDescending(a => a.CreatedAt).Take(50).ToListAsync(ct);
        var ids = announcements.Select(a => a.Id).ToList();
        var counts = await db.Set<AnnouncementDelivery>().Where(d => ids.Contains(d.AnnouncementId))
            .GroupBy(d => new { d.AnnouncementId, d.State }).Select(g => new { g.Key.AnnouncementId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        int Count(Guid a, DeliveryState s) => counts.FirstOrDefault(x => x.AnnouncementId == a && x.State == s)?.Count ?? 0;
        History = announcements.Select(a => new HistoryRow(a, Count(a.Id, DeliveryState.Planned), Count(a.Id, DeliveryState.Sent), Count(a.Id, DeliveryState.Failed), Count(a.Id, DeliveryState.Unsubscribed))).ToList();
        return true;
    }
}

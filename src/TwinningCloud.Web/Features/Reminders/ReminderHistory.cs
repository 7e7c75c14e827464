using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Reminders;

/// <summary>Reminder rows as a table shows them; <see cref="ShowItem"/> adds a column with a link to each item (the settings page's latest reminders).</summary>
public sealed record ReminderHistoryView(IReadOnlyList<ReminderDelivery> Deliveries, bool ShowItem, string CaptionKey);

/// <summary>
/// The reminder history of one item (an agreement's review, a membership's renewal), newest first, for the
/// item's staff page: <c>@await Component.InvokeAsync("ReminderHistory", new { subject, itemId })</c>.
/// Shows nothing when the tenant does not have the reminders module.
/// </summary>
public sealed class ReminderHistoryViewComponent(AppDbContext db, TenantContext tenantContext) : ViewComponent
{
    public const int Limit = 200;

    public async Task<IViewComponentResult> InvokeAsync(ReminderSubject subject, Guid itemId)
    {
        if (!tenantContext.Required.HasModule(ModuleKeys.Reminders))
        {
            return Content(string.Empty);
        }
        var deliveries = await db.Set<ReminderDelivery>().AsNoTracking()
            .Where(d => d.Subject == subject && d.ItemId == itemId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(Limit)
            .ToListAsync(HttpContext.RequestAborted);
        return View("/Features/Reminders/_ReminderHistory.cshtml", new ReminderHistoryView(deliveries, ShowItem: false, "reminders.history.caption"));
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Admin.Calendar;

/// <summary>Shows staff the secret address of the town's calendar feed (review and renewal dates), to copy into a calendar app.</summary>
public sealed class CalendarModel(AppDbContext db, TenantContext tenant) : PageModel
{
    public string FeedUrl { get; private set; } = "";
    public int EventCount { get; private set; }

    public async Task OnGetAsync(
        [Microsoft.AspNetCore.Mvc.FromServices] TwinningCloud.Web.Features.ImportExport.CalendarFeed feed, [Microsoft.AspNetCore.Mvc.FromServices] PublicOrigin origin)
    {
        var id = tenant.Required.Id;
        var token = await db.Tenants.AsNoTracking().Where(t => t.Id == id).Select(t => t.CalendarFeedToken).FirstAsync(HttpContext.RequestAborted);
        FeedUrl = origin.Link(tenant.Required, $"/calendar/{token}.ics"); // from configuration, never the request's Host
        EventCount = (await feed.EventsAsync(HttpContext.RequestAborted)).Count;
    }
}

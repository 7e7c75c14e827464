using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Outputs;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Outputs.Staff.Calendar;

/// <summary>
/// Shows staff the secret address of the town's calendar feed (review and renewal dates), to copy into a
/// calendar app; tenant admins can replace it ("new address"): the old address answers 404 at once.
/// </summary>
public sealed class CalendarModel(AppDbContext db, TenantContext tenant, PublicOrigin origin, IAuthorizationService authorization, ILogger<CalendarModel> logger) : PageModel
{
    public string FeedUrl { get; private set; } = "";
    public int EventCount { get; private set; }
    public bool CanRotate { get; private set; }
    [TempData] public bool Rotated { get; set; }

    public async Task OnGetAsync([FromServices] CalendarFeed feed)
    {
        var token = await CalendarFeedAddress.TokenAsync(db, tenant.Required.Id, HttpContext.RequestAborted);
        FeedUrl = origin.Link(tenant.Required, $"/calendar/{token}.ics"); // from configuration, never the request's Host
        EventCount = (await feed.EventsAsync(HttpContext.RequestAborted)).Count;
        CanRotate = await IsAdminAsync();
    }

    /// <summary>Replaces the secret address (tenant admins only; editors get 403).</summary>
    public async Task<IActionResult> OnPostRotateAsync()
    {
        if (!await IsAdminAsync())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        await CalendarFeedAddress.RotateAsync(db, tenant.Required.Id, HttpContext.RequestAborted);
        SecurityEvents.CalendarFeedRotated(logger, tenant.Required.Slug, Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!));
        Rotated = true;
        return Redirect(Url.Content("~/admin/calendar"));
    }

    private async Task<bool> IsAdminAsync() => (await authorization.AuthorizeAsync(User, Policies.TenantAdmin)).Succeeded;
}

using Microsoft.AspNetCore.Mvc;
using TwinningCloud.Web.Features.Federations.Directory;

namespace TwinningCloud.Web.Features.Federations.Portal.Events;

/// <summary>The federation's published events: those to come (soonest first) and the past ones (latest first).</summary>
public sealed class PortalEventsModel(FederationDirectory directory, FederationEvents events) : PortalPageModel(directory)
{
    public IReadOnlyList<FederationEvent> Upcoming { get; private set; } = [];
    public IReadOnlyList<FederationEvent> Past { get; private set; } = [];
    public override string Current => "portal/events";

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (!await FindAsync(federation))
        {
            return NotFound();
        }
        var all = await events.ListAsync(Federation.Id, HttpContext.RequestAborted);
        var today = events.Today;
        Upcoming = all.Where(e => e.EndsOn >= today).OrderBy(e => e.StartsOn).ToList();
        Past = all.Where(e => e.EndsOn < today).ToList();
        return Page();
    }
}

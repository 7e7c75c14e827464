using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Events.Town;

/// <summary>A member town's staff: the coming events of the town's federations, with how many delegates the town registered.</summary>
public sealed class TownEventsModel(FederationEvents events, TenantContext tenantContext) : PageModel
{
    public IReadOnlyList<(FederationEvent Event, Federation Federation)> Events { get; private set; } = [];
    public IReadOnlyDictionary<Guid, int> Registered { get; private set; } = new Dictionary<Guid, int>();
    public DateOnly Today => events.Today;

    public async Task OnGetAsync()
    {
        Events = await events.ForTownAsync(tenantContext.Required.Id, HttpContext.RequestAborted);
        Registered = await events.OwnCountsAsync(Events.Select(e => e.Event.Id).ToList(), HttpContext.RequestAborted);
    }
}

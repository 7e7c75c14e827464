using Microsoft.AspNetCore.Mvc;
using TwinningCloud.Web.Features.Federations.Directory;

namespace TwinningCloud.Web.Features.Federations.Portal.Events;

/// <summary>A published event of the federation: dates, place, programme, whether member towns may register delegates.</summary>
public sealed class PortalEventModel(FederationDirectory directory, FederationEvents events) : PortalPageModel(directory)
{
    public FederationEvent Event { get; private set; } = null!;
    public bool AcceptsRegistrations { get; private set; }
    public override string Current => "portal/events";

    public async Task<IActionResult> OnGetAsync(string federation, Guid id)
    {
        if (!await FindAsync(federation) || await events.FindAsync(Federation.Id, id, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Event = found;
        AcceptsRegistrations = found.AcceptsRegistrationsOn(events.Today);
        return Page();
    }
}

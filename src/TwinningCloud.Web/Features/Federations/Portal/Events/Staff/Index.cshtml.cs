using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;

namespace TwinningCloud.Web.Features.Federations.Portal.Events.Staff;

/// <summary>The federation's events for its staff: drafts and published, with the number of delegates the towns registered.</summary>
public sealed class StaffEventsModel(FederationDirectory directory, FederationEvents events) : PageModel
{
    public Federation Federation { get; private set; } = null!;
    public IReadOnlyList<FederationEvent> Events { get; private set; } = [];
    public IReadOnlyDictionary<Guid, int> Delegates { get; private set; } = new Dictionary<Guid, int>();
    public string? Message { get; private set; }
    public DateOnly Today => events.Today;

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Federation = found;
        Events = await events.ListAsync(found.Id, HttpContext.RequestAborted);
        Delegates = await events.DelegateCountsAsync(found.Id, HttpContext.RequestAborted);
        Message = TempData["EventMessage"] as string;
        return Page();
    }
}

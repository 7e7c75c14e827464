using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Events.Town;

/// <summary>
/// A member town's staff register the town's delegates for one event of its federations (name, email, function; at most
/// the event's limit per town; each delegate is mailed a confirmation) and withdraw them. An event of a federation the
/// town is not a member of, a draft or another town's delegate answers 404.
/// </summary>
public sealed class RegisterDelegatesModel(FederationEvents events, TenantContext tenantContext) : PageModel
{
    public FederationEvent Event { get; private set; } = null!;
    public Federation Federation { get; private set; } = null!;
    public IReadOnlyList<EventDelegate> Delegates { get; private set; } = [];
    public bool Accepts { get; private set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Function { get; set; }
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Message = TempData["DelegateMessage"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Error = await events.RegisterAsync(id, Name, Email, Function, TwinningCloud.Web.Features.Federations.FederationAccess.UserId(User), HttpContext.RequestAborted);
        if (Error is not null)
        {
            await LoadAsync(id);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["DelegateMessage"] = "events.delegates.registered";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid delegateId)
    {
        if (!await LoadAsync(id) || !await events.WithdrawAsync(id, delegateId, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        TempData["DelegateMessage"] = "events.delegates.withdrawn";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await events.ForTownAsync(tenantContext.Required.Id, id, ct) is not { } found)
        {
            return false;
        }
        (Event, Federation) = found;
        Accepts = Event.AcceptsRegistrationsOn(events.Today);
        Delegates = await events.OwnDelegatesAsync(id, ct);
        return true;
    }
}

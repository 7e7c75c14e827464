using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Calls;

/// <summary>A federation admin writes a call for projects (<c>/federations/{slug}/calls/edit/{id?}</c>): title, deadline (day, time, zone), text, public or members only; or removes it.</summary>
[EndpointScope(EndpointScope.Platform)]
[Authorize(Policy = Policies.FederationAdmin)]
public sealed class CallEditModel(FederationDirectory directory, CallsEditor calls) : PageModel
{
    public Federation Federation { get; private set; } = null!;
    public Guid? CallId { get; private set; }
    [BindProperty] public CallForm Form { get; set; } = new();
    public Dictionary<string, string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string federation, Guid? id)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Federation = found;
        if (id is { } existing)
        {
            if (await calls.FindAsync(found.Id, existing, HttpContext.RequestAborted) is not { } call)
            {
                return NotFound();
            }
            CallId = call.Id;
            Form = CallForm.From(call);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string federation, Guid? id)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Federation = found;
        CallId = id;
        var (saved, errors) = await calls.SaveAsync(found, id, Form, HttpContext.RequestAborted);
        if (saved is null)
        {
            if (errors.Count == 0)
            {
                return NotFound(); // another federation's call, or a removed one
            }
            Errors = errors;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["CallsMessage"] = id is null ? "calls.created" : "calls.saved";
        return Redirect($"~/federations/{found.Slug}/calls");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string federation, Guid id)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found
            || !await calls.DeleteAsync(found.Id, id, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        TempData["CallsMessage"] = "calls.deleted";
        return Redirect($"~/federations/{found.Slug}/calls");
    }
}

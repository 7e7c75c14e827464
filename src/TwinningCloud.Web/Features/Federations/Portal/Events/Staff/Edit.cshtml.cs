using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Features.Register.PartnerCities;

namespace TwinningCloud.Web.Features.Federations.Portal.Events.Staff;

/// <summary>
/// A new event, or one of the federation's events: its form (titles, dates, place, programme in Markdown, published,
/// registration open, closing date, delegates per town) and the delegates every town registered, with the CSV export.
/// Another federation's event id answers 404.
/// </summary>
public sealed class StaffEventModel(FederationDirectory directory, FederationEvents events, Countries countries) : PageModel
{
    public static readonly string[] FieldOrder = ["TitleFr", "TitleEn", "StartsOn", "EndsOn", "Place", "CountryCode", "ProgrammeFr", "ProgrammeEn", "RegistrationClosesOn", "MaxDelegatesPerTown"];

    public Federation Federation { get; private set; } = null!;
    public FederationEvent? Event { get; private set; }
    [BindProperty] public EventForm Form { get; set; } = new();
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<DelegateLine> Delegates { get; private set; } = [];
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string federation, Guid? id)
    {
        if (!await LoadAsync(federation, id))
        {
            return NotFound();
        }
        if (Event is not null)
        {
            Form = EventForm.From(Event);
            Delegates = await events.DelegatesAsync(Event, HttpContext.RequestAborted);
        }
        Saved = TempData["EventSaved"] is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string federation, Guid? id)
    {
        if (!await LoadAsync(federation, id))
        {
            return NotFound();
        }
        var ct = HttpContext.RequestAborted;
        var target = Event ?? new FederationEvent { TitleFr = string.Empty, Place = string.Empty };
        Errors = Form.ApplyTo(target, countries);
        if (Errors.Count == 0 && Event is null && await events.CreateAsync(Federation, target, ct) is null)
        {
            Errors = new Dictionary<string, string> { ["TitleFr"] = "events.error.too-many" };
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            if (Event is not null)
            {
                Delegates = await events.DelegatesAsync(Event, ct);
            }
            return Page();
        }
        if (Event is not null)
        {
            await events.SaveAsync(Event, ct);
        }
        TempData["EventSaved"] = "1";
        return Redirect($"~/federations/{Federation.Slug}/events/edit/{target.Id}");
    }

    private async Task<bool> LoadAsync(string federation, Guid? id)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return false;
        }
        Federation = found;
        if (id is { } eventId)
        {
            Event = await events.FindAsync(found.Id, eventId, HttpContext.RequestAborted);
            return Event is not null;
        }
        return true;
    }
}

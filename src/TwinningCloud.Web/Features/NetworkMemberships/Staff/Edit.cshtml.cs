using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships.Staff;

/// <summary>One membership: change it, delete it, and read its audit trail (who changed what, when).</summary>
public sealed class EditMembershipModel(NetworkMembershipEditor editor, AppDbContext db, Texts T) : PageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public MembershipForm Form { get; set; } = new();
    [TempData] public string? Saved { get; set; }
    public string Acronym { get; private set; } = string.Empty;
    public string NetworkName { get; private set; } = string.Empty;
    public MembershipFormView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var membership = await editor.FindAsync(Id, HttpContext.RequestAborted);
        if (membership is null)
        {
            return NotFound();
        }
        Form = MembershipForm.From(membership);
        await LoadAsync(membership, new Dictionary<string, string>());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var membership = await editor.FindAsync(Id, HttpContext.RequestAborted);
        if (membership is null)
        {
            return NotFound();
        }
        db.Entry(membership).State = EntityState.Detached;
        var errors = new Dictionary<string, string>();
        var result = await editor.SaveAsync(Id, Form.ToInput(errors), HttpContext.RequestAborted, errors);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(membership, result.Errors);
            return Page();
        }
        Saved = T["networks.saved"];
        return Redirect(Url.Content($"~/admin/networks/{Id}"));
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var membership = await editor.FindAsync(Id, HttpContext.RequestAborted);
        if (membership is null || (await editor.DeleteAsync(Id, HttpContext.RequestAborted)).NotFound)
        {
            return NotFound();
        }
        Saved = T["networks.deleted", membership.Network?.Acronym ?? ""];
        return Redirect(Url.Content("~/admin/networks"));
    }

    private async Task LoadAsync(NetworkMembership membership, IReadOnlyDictionary<string, string> errors)
    {
        Acronym = membership.Network?.Acronym ?? string.Empty;
        NetworkName = membership.Network?.DisplayName().Text ?? string.Empty;
        View = new MembershipFormView(Form, errors, await NetworkChoices.LoadAsync(db, HttpContext.RequestAborted), IsNew: false);
    }
}

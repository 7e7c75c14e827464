using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships.Staff;

/// <summary>Adds a membership of a network of the platform's catalogue.</summary>
public sealed class NewMembershipModel(NetworkMembershipEditor editor, AppDbContext db, Texts T) : PageModel
{
    [BindProperty] public MembershipForm Form { get; set; } = new();
    public MembershipFormView View { get; private set; } = null!;

    public async Task OnGetAsync() =>
        View = new MembershipFormView(Form, new Dictionary<string, string>(), await NetworkChoices.LoadAsync(db, HttpContext.RequestAborted), IsNew: true);

    public async Task<IActionResult> OnPostAsync()
    {
        var errors = new Dictionary<string, string>();
        var input = Form.ToInput(errors);
        var result = await editor.SaveAsync(null, input, HttpContext.RequestAborted, errors);
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            View = new MembershipFormView(Form, result.Errors, await NetworkChoices.LoadAsync(db, HttpContext.RequestAborted), IsNew: true);
            return Page();
        }
        TempData["Saved"] = T["networks.saved"];
        return Redirect(Url.Content($"~/admin/networks/{result.Id}"));
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Onboarding;

/// <summary>
/// "Coming soon": what visitors see at every public address of a town in preparation, served in place of the
/// requested page by <see cref="PreparationGate"/> (its own address answers 404). Says nothing of the town's data.
/// </summary>
[AllowAnonymous]
[ComingSoonPage]
public sealed class ComingSoonModel(TenantContext tenantContext) : PageModel
{
    public const string PageName = "/Onboarding/ComingSoon";

    public IActionResult OnGet()
    {
        if (!HttpContext.Items.ContainsKey(ComingSoonPageAttribute.Marker) || tenantContext.Current is not { IsPublished: false })
        {
            return NotFound();
        }
        return Page();
    }
}

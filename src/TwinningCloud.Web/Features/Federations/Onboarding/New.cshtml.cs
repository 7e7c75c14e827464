using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;

namespace TwinningCloud.Web.Features.Federations.Onboarding;

/// <summary>A federation admin onboards one town: creates its site (in preparation) and invites its first administrator.</summary>
public sealed class OnboardTownModel(FederationDirectory directory, TownOnboarding onboarding) : PageModel
{
    [BindProperty] public OnboardingForm Form { get; set; } = new();
    public Federation Federation { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public static readonly string[] FieldOrder = ["TownName", "Slug", "CountryCode", "DefaultCulture", "TimeZoneId", "Modules", "AdminName", "AdminEmail"];

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Federation = found;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        Federation = found;
        var result = await onboarding.OnboardAsync(found, Form, User.UserId(), HttpContext.RequestAborted);
        if (result.AlreadyThere)
        {
            Errors = new Dictionary<string, string> { ["Slug"] = "federations.onboard.error.already" };
        }
        else if (!result.Succeeded)
        {
            Errors = result.Errors;
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Onboarded"] = result.Onboarding!.TownName;
        return Redirect($"~/federations/{found.Slug}#onboardings");
    }
}

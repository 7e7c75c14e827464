using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>
/// A page that manages one collective, in the staff area or in a member coordinator's: the same handlers and the
/// same partial, the area deciding who may open which collective (<see cref="CollectiveAreas"/>).
/// </summary>
public abstract class ManagedCollectivePage(CollectiveArea area, CollectiveAreas areas) : PageModel
{
    public CollectiveArea Area => area;
    public Collective Collective { get; private set; } = null!;

    /// <summary>The page's own address (after a post): <c>{base}/{id}/{page}</c> of the area.</summary>
    protected abstract string PageName { get; }

    /// <summary>The page's title, a text with the collective's name as <c>{0}</c>.</summary>
    protected abstract string TitleKey { get; }

    /// <summary>Opens the collective for this area; false when the caller may not manage it (the page answers 404).</summary>
    protected async Task<bool> OpenAsync(Guid id)
    {
        if (await areas.OpenAsync(area, Request, id) is not { } collective)
        {
            return false;
        }
        Collective = collective;
        var town = ContentLanguage.Town(HttpContext.RequestServices.GetRequiredService<TenantContext>());
        ViewData["Title"] = HttpContext.RequestServices.GetRequiredService<Texts>()[TitleKey, collective.DisplayName(town).Text];
        return true;
    }

    /// <summary>An address of this area for this collective: <c>members</c>, <c>announcements</c>, <c>questions</c>.</summary>
    public string PathOf(string page) => $"{Request.PathBase}{CollectiveAreas.BaseOf(area)}/{Collective.Id}/{page}";

    protected Microsoft.AspNetCore.Mvc.RedirectResult Back() => Redirect(PathOf(PageName));
}

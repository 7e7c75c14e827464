using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Web;

namespace TwinningCloud.Web.Features.Federations.Portal.Staff;

/// <summary>
/// The federation's admins and editors write the portal's sections, one at a time, in Markdown, in French and English
/// (operators read the page; their posts are refused by <see cref="Policies.FederationStaff"/>). A preview shows the
/// sanitized result, as visitors will see it.
/// </summary>
public sealed class PortalEditModel(FederationDirectory directory, AppDbContext db, TimeProvider clock) : PageModel
{
    public Federation Federation { get; private set; } = null!;
    [FromQuery(Name = "section")] public string? SectionQuery { get; set; }
    public string Section { get; private set; } = PortalSections.Presentation;
    [BindProperty] public string? BodyFr { get; set; }
    [BindProperty] public string? BodyEn { get; set; }
    public Dictionary<string, string> Errors { get; } = [];
    public bool Saved { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public HtmlString? PreviewFr => string.IsNullOrWhiteSpace(BodyFr) ? null : new HtmlString(AnnouncementMarkdown.ToHtml(BodyFr));
    public HtmlString? PreviewEn => string.IsNullOrWhiteSpace(BodyEn) ? null : new HtmlString(AnnouncementMarkdown.ToHtml(BodyEn));

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (!await LoadAsync(federation))
        {
            return NotFound();
        }
        var page = await FindPageAsync();
        (BodyFr, BodyEn, UpdatedAt) = (page?.BodyFr, page?.BodyEn, page?.UpdatedAt);
        Saved = TempData["PortalSaved"] is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string federation)
    {
        if (!await LoadAsync(federation))
        {
            return NotFound();
        }
        foreach (var (field, value) in new[] { ("BodyFr", BodyFr), ("BodyEn", BodyEn) })
        {
            if ((value?.Length ?? 0) > FederationPortalPage.MaxBody)
            {
                Errors[field] = "portal.edit.error.long";
            }
            else if (SingleLineText.HasControlCharactersBesidesLineBreaks(value))
            {
                Errors[field] = "field.error.control-characters-multiline";
            }
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var page = await FindPageAsync(tracked: true);
        if (page is null)
        {
            page = new FederationPortalPage { FederationId = Federation.Id, Section = Section };
            db.Add(page);
        }
        page.BodyFr = string.IsNullOrWhiteSpace(BodyFr) ? null : BodyFr.Trim();
        page.BodyEn = string.IsNullOrWhiteSpace(BodyEn) ? null : BodyEn.Trim();
        page.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        TempData["PortalSaved"] = Section;
        return Redirect($"~/federations/{Federation.Slug}/portal-pages?section={Section}");
    }

    private async Task<bool> LoadAsync(string federation)
    {
        Section = SectionQuery ?? PortalSections.Presentation;
        if (!PortalSections.IsKnown(Section) || await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return false;
        }
        Federation = found;
        return true;
    }

    private Task<FederationPortalPage?> FindPageAsync(bool tracked = false)
    {
        var pages = db.Set<FederationPortalPage>().Where(p => p.FederationId == Federation.Id && p.Section == Section);
        return (tracked ? pages : pages.AsNoTracking()).FirstOrDefaultAsync(HttpContext.RequestAborted);
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Features.Federations.Portal.Events;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Portal;

/// <summary>
/// The portal's home (its presentation) and its other sections: the text in the reader's language (else the other one,
/// marked with its <c>lang</c>); on the home page, the next events.
/// </summary>
public sealed class PortalIndexModel(FederationDirectory directory, AppDbContext db, FederationEvents events) : PortalPageModel(directory)
{
    public const int UpcomingShown = 5;

    public string Section { get; private set; } = PortalSections.Presentation;
    public Bilingual? Body { get; private set; }
    public IReadOnlyList<FederationEvent> Upcoming { get; private set; } = [];
    public override string Current => Section == PortalSections.Presentation ? "portal" : $"portal/{Section}";

    public async Task<IActionResult> OnGetAsync(string federation, string? section)
    {
        Section = section ?? PortalSections.Presentation;
        if (!PortalSections.IsKnown(Section) || !await FindAsync(federation))
        {
            return NotFound();
        }
        var ct = HttpContext.RequestAborted;
        var page = await db.Set<FederationPortalPage>().AsNoTracking().FirstOrDefaultAsync(p => p.FederationId == Federation.Id && p.Section == Section, ct);
        Body = Bilingual.Of(page?.BodyFr, page?.BodyEn);
        if (Section == PortalSections.Presentation)
        {
            var today = events.Today;
            Upcoming = (await events.ListAsync(Federation.Id, ct)).Where(e => e.EndsOn >= today)
                .OrderBy(e => e.StartsOn).Take(UpcomingShown).ToList();
        }
        return Page();
    }
}

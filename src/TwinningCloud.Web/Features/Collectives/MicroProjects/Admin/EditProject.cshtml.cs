using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.MicroProjects.Admin;

/// <summary>One micro-project for staff: change it (title, description, status, volunteers wanted), delete it, see who volunteered.</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class EditProjectModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public const int MaxShown = 1000;

    public sealed record VolunteerRow(string Name, string? Association, string Email, DateTimeOffset Since);

    [BindProperty] public MicroProjectForm Form { get; set; } = new();
    [TempData] public string? Notice { get; set; }
    public MicroProject Project { get; private set; } = null!;
    public Collective Collective { get; private set; } = null!;
    public IReadOnlyList<VolunteerRow> Volunteers { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Form = MicroProjectForm.From(Project);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!Form.ApplyTo(Project, Errors))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Project.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        Notice = "collectives.projects.saved";
        return Redirect($"{Request.PathBase}/admin/collectives/projects/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        db.Remove(Project);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        Notice = "collectives.projects.deleted";
        return Redirect($"{Request.PathBase}/admin/collectives/{Collective.Id}/projects");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Set<MicroProject>().FirstOrDefaultAsync(p => p.Id == id, ct) is not { } project
            || await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == project.CollectiveId, ct) is not { } collective)
        {
            return false;
        }
        (Project, Collective) = (project, collective);
        Volunteers = await (from v in db.Set<MicroProjectVolunteer>().AsNoTracking()
                            join m in db.Set<CollectiveMember>().AsNoTracking() on v.MemberId equals m.Id
                            where v.ProjectId == id
                            orderby v.CreatedAt
                            select new VolunteerRow(m.Name, m.AssociationName, m.Email, v.CreatedAt)).Take(MaxShown).ToListAsync(ct);
        return true;
    }
}

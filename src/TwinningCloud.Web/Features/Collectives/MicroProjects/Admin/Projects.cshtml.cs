using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.MicroProjects.Admin;

/// <summary>A collective's micro-projects for staff (with their volunteers' counts) and a form for a new one.</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class CollectiveProjectsModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(MicroProject Project, int Volunteers);

    [BindProperty] public MicroProjectForm Form { get; set; } = new();
    [TempData] public string? Notice { get; set; }
    public Collective Collective { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var now = clock.GetUtcNow();
        var project = new MicroProject { CollectiveId = id, Title = "", CreatedAt = now, UpdatedAt = now };
        if (Form.ApplyTo(project, Errors) && Rows.Count >= MicroProject.MaxPerCollective)
        {
            Errors["Title"] = "collectives.projects.error.too-many";
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        db.Add(project);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        Notice = "collectives.projects.created";
        return Redirect($"{Request.PathBase}/admin/collectives/{id}/projects");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is not { } c)
        {
            return false;
        }
        Collective = c;
        var projects = await db.Set<MicroProject>().AsNoTracking().Where(p => p.CollectiveId == id)
            .OrderBy(p => p.Status).ThenByDescending(p => p.CreatedAt).Take(MicroProject.MaxPerCollective).ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var counts = await db.Set<MicroProjectVolunteer>().Where(v => ids.Contains(v.ProjectId)).GroupBy(v => v.ProjectId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Rows = projects.Select(p => new Row(p, counts.GetValueOrDefault(p.Id))).ToList();
        return true;
    }
}

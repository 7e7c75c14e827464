using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Operator.Federations;

/// <summary>The operator lists and creates federations (their member towns and onboarding come with the federation issue).</summary>
public sealed class FederationListModel(AppDbContext db) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Slug { get; set; }
    public Dictionary<string, string> Errors { get; } = [];
    public IReadOnlyList<Federation> Federations { get; private set; } = [];
    /// <summary>Member towns (accepted) per federation.</summary>
    public IReadOnlyDictionary<Guid, int> Members { get; private set; } = new Dictionary<Guid, int>();

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var slug = Slug?.Trim();
        if (string.IsNullOrWhiteSpace(Name))
        {
            Errors["Name"] = "tenants.error.name-required";
        }
        else if (TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharacters(Name))
        {
            Errors["Name"] = "field.error.control-characters";
        }
        if (!TenantSlug.IsWellFormed(slug))
        {
            Errors["Slug"] = "tenants.error.slug-format";
        }
        else if (await db.Set<Federation>().AnyAsync(f => f.Slug == slug, HttpContext.RequestAborted))
        {
            Errors["Slug"] = "tenants.error.slug-taken";
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync();
            return Page();
        }
        db.Add(new Federation { Name = Name!.Trim(), Slug = slug! });
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Federations = await db.Set<Federation>().AsNoTracking().OrderBy(f => f.Name).ToListAsync(HttpContext.RequestAborted);
        Members = await db.Set<FederationMember>().Where(m => m.Status == MemberStatus.Accepted).GroupBy(m => m.FederationId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, HttpContext.RequestAborted);
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Operator.Tenants;

public sealed class TenantListModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Slug, string DisplayName, string DefaultCulture, TenantStatus Status, IReadOnlyList<string> Modules, bool InPreparation);

    public IReadOnlyList<Row> Tenants { get; private set; } = [];

    public async Task OnGetAsync() =>
        Tenants = (await db.Tenants.AsNoTracking().Include(t => t.Modules).OrderBy(t => t.Slug).ToListAsync(HttpContext.RequestAborted))
            .Select(t => new Row(t.Id, t.Slug, t.DisplayName, t.DefaultCulture, t.Status, t.Modules.Select(m => m.ModuleKey).Order().ToList(), t.InPreparation))
            .ToList();
}

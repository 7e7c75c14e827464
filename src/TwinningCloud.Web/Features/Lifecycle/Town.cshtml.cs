using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>
/// The operator's page of one town's lifecycle: export it (a background job; progress shown, archive downloadable for
/// 7 days), schedule its deletion after a grace period (typing the town's address to confirm), cancel it until it runs.
/// </summary>
public sealed class TownLifecycleModel(AppDbContext db, TownExports exports, TownDeletions deletions, TimeProvider clock) : PageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public int GraceDays { get; set; } = TownDeletions.DefaultGraceDays;
    [BindProperty] public string? Confirm { get; set; }
    public Tenant Town { get; private set; } = null!;
    public ExportsView Exports { get; private set; } = null!;
    public TenantDeletion? Pending { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnGetProgressAsync() =>
        await db.Tenants.AnyAsync(t => t.Id == Id, HttpContext.RequestAborted)
            ? new JsonResult(ExportsView.Progress(await exports.ListAsync(Id, HttpContext.RequestAborted)))
            : NotFound();

    public async Task<IActionResult> OnPostExportAsync()
    {
        if (!await db.Tenants.AnyAsync(t => t.Id == Id, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        await exports.RequestAsync(Id, UserId(), byOperator: true, HttpContext.RequestAborted);
        return Redirect($"~/platform/tenants/{Id}/lifecycle");
    }

    public async Task<IActionResult> OnPostScheduleAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        if (GraceDays is < TownDeletions.MinGraceDays or > TownDeletions.MaxGraceDays)
        {
            Errors["GraceDays"] = "lifecycle.delete.error.grace";
        }
        if (!string.Equals(Confirm?.Trim(), Town.Slug, StringComparison.Ordinal))
        {
            Errors["Confirm"] = "lifecycle.delete.error.confirm";
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await deletions.ScheduleAsync(Id, GraceDays, Actor(), HttpContext.RequestAborted);
        return Redirect($"~/platform/tenants/{Id}/lifecycle");
    }

    public async Task<IActionResult> OnPostCancelAsync()
    {
        if (!await db.Tenants.AnyAsync(t => t.Id == Id, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        await deletions.CancelAsync(Id, Actor(), HttpContext.RequestAborted);
        return Redirect($"~/platform/tenants/{Id}/lifecycle");
    }

    private async Task<bool> LoadAsync()
    {
        var town = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == Id, HttpContext.RequestAborted);
        if (town is null)
        {
            return false;
        }
        Town = town;
        Exports = new ExportsView(await exports.ListAsync(Id, HttpContext.RequestAborted), Url.Content($"~/platform/tenants/{Id}/exports/"),
            Url.Content($"~/platform/tenants/{Id}/lifecycle?handler=Progress"), clock.GetUtcNow());
        Pending = await deletions.PendingAsync(Id, HttpContext.RequestAborted);
        return true;
    }

    private Guid? UserId() => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    private string Actor() => User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "operator";
}

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>The deletion log: towns deleted (or whose deletion is scheduled or was cancelled), who asked and what went.</summary>
public sealed class DeletionLogModel(TownDeletions deletions) : PageModel
{
    public const int MaxShown = 200;

    public IReadOnlyList<TenantDeletion> Deletions { get; private set; } = [];

    public async Task OnGetAsync() => Deletions = await deletions.LogAsync(MaxShown, HttpContext.RequestAborted);
}

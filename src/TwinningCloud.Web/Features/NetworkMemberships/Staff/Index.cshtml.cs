using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships.Staff;

/// <summary>The town's network memberships, for staff: search, filter by scope and role, sort by renewal date or name.</summary>
public sealed class MembershipListModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Acronym, string Name, NetworkScope Scope, MembershipRole Role, int? SinceYear, decimal? AnnualFee, string Currency, DateOnly? RenewalOn, bool IsPublic);

    [FromQuery(Name = "q")] public string? Search { get; set; }
    [FromQuery(Name = "scope")] public NetworkScope? Scope { get; set; }
    [FromQuery(Name = "role")] public MembershipRole? Role { get; set; }
    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [TempData] public string? Saved { get; set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync()
    {
        var query = db.Set<NetworkMembership>().AsNoTracking();
        Total = await query.CountAsync(HttpContext.RequestAborted);
        if (Search?.Trim() is { Length: > 0 } search)
        {
            var pattern = "%" + search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).ToLowerInvariant() + "%";
#pragma warning disable CA1304, CA1311 // EF translates ToLower() to SQL lower(): the database folds case, not .NET's culture (ToLowerInvariant has no translation)
            query = query.Where(m => EF.Functions.Like(m.Network!.Acronym.ToLower(), pattern, "\\")
                || EF.Functions.Like(m.Network.Name.ToLower(), pattern, "\\")
                || (m.ContactName != null && EF.Functions.Like(m.ContactName.ToLower(), pattern, "\\"))
                || (m.WorkingGroups != null && EF.Functions.Like(m.WorkingGroups.ToLower(), pattern, "\\")));
#pragma warning restore CA1304, CA1311
        }
        if (Scope is { } scope)
        {
            query = query.Where(m => m.Network!.Scope == scope);
        }
        if (Role is { } role)
        {
            query = query.Where(m => m.Role == role);
        }
        var english = TwinningCloud.Web.Platform.Localization.ContentLanguage.Reader == TwinningCloud.Web.Platform.Localization.SupportedCultures.English;
        query = Sort == "renewal"
            ? query.OrderBy(m => m.RenewalOn == null).ThenBy(m => m.RenewalOn).ThenBy(m => m.Network!.Acronym)
            : query.OrderBy(m => m.Network!.Acronym).ThenBy(m => m.Network!.Name);
        Rows = await query
            .Select(m => new Row(m.Id, m.Network!.Acronym, english && m.Network.NameEn != null ? m.Network.NameEn : m.Network.Name, m.Network.Scope, m.Role, m.SinceYear, m.AnnualFee, m.Currency, m.RenewalOn, m.IsPublic))
            .ToListAsync(HttpContext.RequestAborted);
    }
}

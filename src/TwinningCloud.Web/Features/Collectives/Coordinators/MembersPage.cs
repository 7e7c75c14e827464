using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>
/// A collective's members, for staff and for its coordinators: search, filters (status, association or person,
/// joined since), counts, approve or refuse requests, remove, CSV of the consented fields. Rendered by <c>_Members</c>.
/// </summary>
public abstract class MembersPage(CollectiveArea area, CollectiveAreas areas, AppDbContext db, CollectiveMemberships memberships)
    : ManagedCollectivePage(area, areas)
{
    public const int PageSize = 200;

    [FromQuery(Name = "q")] public string? Search { get; set; }
    [FromQuery(Name = "status")] public MemberStatus? Status { get; set; }
    [FromQuery(Name = "kind")] public string? Kind { get; set; }
    [FromQuery(Name = "since")] public DateOnly? Since { get; set; }
    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<CollectiveMember> Rows { get; private set; } = [];
    public int Matching { get; private set; }
    public Dictionary<MemberStatus, int> Counts { get; private set; } = [];
    /// <summary>Members with an invitation to coordinate still open (staff area).</summary>
    public IReadOnlySet<Guid> Invited { get; private set; } = new HashSet<Guid>();

    protected override string TitleKey => "collectives.staff.members-of";

    protected override string PageName => "members";

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var query = Filtered(id);
        Matching = await query.CountAsync(HttpContext.RequestAborted);
        Rows = await query.OrderBy(m => m.Status).ThenBy(m => m.StatusSince).ThenBy(m => m.Id).Take(PageSize).ToListAsync(HttpContext.RequestAborted);
        if (Area == CollectiveArea.Staff)
        {
            var ids = Rows.Select(r => r.Id).ToList();
            Invited = (await db.Set<CitizenToken>().Where(t => t.Purpose == CitizenTokenPurpose.Invitation && t.UsedAt == null && t.ExpiresAt > DateTimeOffset.UtcNow && t.MemberId != null && ids.Contains(t.MemberId.Value))
                .Select(t => t.MemberId!.Value).ToListAsync(HttpContext.RequestAborted)).ToHashSet();
        }
        return Page();
    }

    /// <summary>The filtered members as CSV: what they consented to give (the fields the collective asks for), formula-safe.</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var rows = await Filtered(id).OrderBy(m => m.Name).Take(Collective.MaxCapacity).ToListAsync(HttpContext.RequestAborted);
        var asked = Collective.AskedFields;
        var columns = new List<(string Name, Func<CollectiveMember, string?> Value)>
        {
            ("name", m => m.Name), ("association", m => m.AssociationName), ("email", m => m.Email), ("status", m => m.Status.ToString()),
            ("language", m => m.Language), ("coordinator", m => m.IsCoordinator ? "yes" : "no"),
            ("signed_up_on", m => m.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        if (asked.HasFlag(AskedFields.Phone)) { columns.Add(("phone", m => m.Phone)); }
        if (asked.HasFlag(AskedFields.Neighbourhood)) { columns.Add(("neighbourhood", m => m.Neighbourhood)); }
        if (asked.HasFlag(AskedFields.Languages)) { columns.Add(("languages_spoken", m => m.LanguagesSpoken)); }
        if (asked.HasFlag(AskedFields.HowToHelp)) { columns.Add(("how_to_help", m => m.HowToHelp)); }
        var csv = new StringBuilder();
        csv.AppendJoin(',', columns.Select(c => c.Name)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', columns.Select(c => Cell(c.Value(row)))).Append("\r\n");
        }
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", "collective-members.csv");
    }

    /// <summary>A CSV cell (RFC 4180 quoting) that no spreadsheet reads as a formula.</summary>
    public static string Cell(string? value)
    {
        var safe = CsvFormulaGuard.Neutralise(value ?? "");
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id, Guid memberId) => DecideAsync(id, memberId, true);

    public Task<IActionResult> OnPostRefuseAsync(Guid id, Guid memberId) => DecideAsync(id, memberId, false);

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid memberId)
    {
        if (!await OpenAsync(id) || await MemberAsync(id, memberId) is null)
        {
            return NotFound();
        }
        await memberships.LeaveAsync(memberId, MemberStatus.Left, HttpContext.RequestAborted);
        Notice = "collectives.staff.removed";
        return Back();
    }

    private async Task<IActionResult> DecideAsync(Guid id, Guid memberId, bool approve)
    {
        if (!await OpenAsync(id) || await MemberAsync(id, memberId) is null)
        {
            return NotFound();
        }
        Notice = await memberships.DecideAsync(memberId, approve, HttpContext.RequestAborted)
            ? approve ? "collectives.staff.approved" : "collectives.staff.refused"
            : "collectives.staff.not-requested";
        return Back();
    }

    private Task<CollectiveMember?> MemberAsync(Guid id, Guid memberId) =>
        db.Set<CollectiveMember>().FirstOrDefaultAsync(m => m.Id == memberId && m.CollectiveId == id, HttpContext.RequestAborted);

    private IQueryable<CollectiveMember> Filtered(Guid id)
    {
        var query = db.Set<CollectiveMember>().AsNoTracking().Where(m => m.CollectiveId == id);
        if (Search?.Trim() is { Length: > 0 } search)
        {
            var pattern = "%" + search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).ToLowerInvariant() + "%";
#pragma warning disable CA1304, CA1311 // EF translates ToLower() to SQL lower(): the database folds case, not .NET's culture (ToLowerInvariant has no translation)
            query = query.Where(m => EF.Functions.Like(m.Name.ToLower(), pattern, "\\") || EF.Functions.Like(m.Email, pattern, "\\")
                || (m.AssociationName != null && EF.Functions.Like(m.AssociationName.ToLower(), pattern, "\\")));
#pragma warning restore CA1304, CA1311
        }
        if (Status is { } status)
        {
            query = query.Where(m => m.Status == status);
        }
        if (Kind == "association")
        {
            query = query.Where(m => m.AssociationName != null);
        }
        else if (Kind == "person")
        {
            query = query.Where(m => m.AssociationName == null);
        }
        if (Since is { } since)
        {
            var from = new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(m => m.CreatedAt >= from);
        }
        return query;
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return false;
        }
        Counts = await db.Set<CollectiveMember>().Where(m => m.CollectiveId == id).GroupBy(m => m.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, HttpContext.RequestAborted);
        return true;
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Jobs;

/// <summary>What the jobs list is asked for: a search text, a state, a kind, a tenant (operator only) and a page.</summary>
public sealed class JobFilter
{
    public string? Q { get; set; }
    public string? State { get; set; }
    public string? Kind { get; set; }
    /// <summary>Operator page only: a tenant slug, or <see cref="JobsQuery.PlatformSlug"/> for the platform's own jobs.</summary>
    public string? Tenant { get; set; }
    /// <summary>Set by the page from <c>?page=</c> (Razor Pages' own route value "page" would shadow it in binding).</summary>
    [BindNever] public int? Page { get; set; }

    public JobState? StateValue => Enum.TryParse<JobState>(State, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(State, out _) ? s : null;
}

/// <summary>One line of the jobs list.</summary>
public sealed record JobRow(
    long Id, Guid? TenantId, string Kind, string? Label, JobState State, int Attempts, int MaxAttempts,
    DateTimeOffset RunAt, DateTimeOffset? FinishedAt, string? LastError);

/// <summary>A page of the jobs list, with the counts per state (of the jobs the search, kind and tenant select) and the kinds present.</summary>
public sealed record JobList(
    IReadOnlyList<JobRow> Items, int Page, int PageCount, int Total,
    IReadOnlyDictionary<JobState, int> CountsByState, IReadOnlyList<string> Kinds);

/// <summary>
/// The jobs pages' reads and writes, over <see cref="Scope"/>: the one place that decides which jobs a page
/// may see or touch. <see cref="Job"/> is not tenant-owned (workers claim jobs of every tenant), so the
/// tenant filter is not added by the DbContext: <see cref="TenantJobs"/> adds it here, for every query and
/// every update, and the pages use nothing else.
/// </summary>
public abstract class JobsQuery(AppDbContext db, JobActions actions)
{
    public const int PageSize = 50;
    /// <summary>The tenant filter's value for jobs without a tenant (operator page).</summary>
    public const string PlatformSlug = "platform";

    protected AppDbContext Db { get; } = db;

    /// <summary>Every job this page may see or change; all the methods below start from it.</summary>
    protected abstract IQueryable<Job> Scope { get; }

    public async Task<JobList> ListAsync(JobFilter filter, Guid? tenantId, bool platformOnly, CancellationToken ct)
    {
        var selected = Search(Scope.AsNoTracking(), filter.Q);
        if (platformOnly)
        {
            selected = selected.Where(j => j.TenantId == null);
        }
        else if (tenantId is { } tenant)
        {
            selected = selected.Where(j => j.TenantId == tenant);
        }
        var kinds = await selected.Select(j => j.Kind).Distinct().OrderBy(k => k).ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            var kind = filter.Kind.Trim();
            selected = selected.Where(j => j.Kind == kind);
        }
        var counts = (await selected.GroupBy(j => j.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(c => c.State, c => c.Count);
        var all = Enum.GetValues<JobState>().ToDictionary(s => s, s => counts.GetValueOrDefault(s));
        if (filter.StateValue is { } state)
        {
            selected = selected.Where(j => j.State == state);
        }
        var total = await selected.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page ?? 1, 1, pageCount);
        var items = await selected.OrderByDescending(j => j.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(j => new JobRow(j.Id, j.TenantId, j.Kind, j.Label, j.State, j.Attempts, j.MaxAttempts, j.RunAt, j.FinishedAt, j.LastError))
            .ToListAsync(ct);
        return new JobList(items, page, pageCount, total, all, kinds);
    }

    /// <summary>How many jobs wait for someone's attention: failed (retry planned) or dead.</summary>
    public Task<int> CountFailedOrDeadAsync(CancellationToken ct) =>
        Scope.CountAsync(j => j.State == JobState.Failed || j.State == JobState.Dead, ct);

    public Task<Job?> FindAsync(long id, CancellationToken ct) =>
        Scope.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);

    /// <summary>Retries a job of this scope through the job platform (<see cref="JobActions.RetryAsync"/>).</summary>
    public Task<JobActionResult> RetryAsync(long id, CancellationToken ct) => actions.RetryAsync(Scope, id, ct);

    /// <summary>Cancels a job of this scope through the job platform (<see cref="JobActions.CancelAsync"/>).</summary>
    public Task<JobActionResult> CancelAsync(long id, CancellationToken ct) => actions.CancelAsync(Scope, id, ct);

    /// <summary>The search box: the numeric id, or a part of the label, kind, idempotency key or last error (case-insensitive).</summary>
    private static IQueryable<Job> Search(IQueryable<Job> jobs, string? q)
    {
        if (q?.Trim() is not { Length: > 0 } text)
        {
            return jobs;
        }
        var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).ToLowerInvariant() + "%";
        var id = long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
#pragma warning disable CA1304, CA1311 // EF translates ToLower() to SQL lower(): the database folds case, not .NET's culture (ToLowerInvariant has no translation)
        return jobs.Where(j => j.Id == id
            || EF.Functions.Like(j.Kind.ToLower(), pattern, "\\")
            || (j.Label != null && EF.Functions.Like(j.Label.ToLower(), pattern, "\\"))
            || (j.IdempotencyKey != null && EF.Functions.Like(j.IdempotencyKey.ToLower(), pattern, "\\"))
            || (j.LastError != null && EF.Functions.Like(j.LastError.ToLower(), pattern, "\\")));
#pragma warning restore CA1304, CA1311
    }
}

/// <summary>The current tenant's jobs, and nothing else: every read and write of the tenant's jobs page goes through here.</summary>
public sealed class TenantJobs(AppDbContext db, TenantContext tenantContext, JobActions actions) : JobsQuery(db, actions)
{
    protected override IQueryable<Job> Scope
    {
        get
        {
            // Required: outside a tenant this throws instead of showing every tenant's jobs.
            var tenantId = tenantContext.Required.Id;
            return Db.Jobs.Where(j => j.TenantId == tenantId);
        }
    }

    public Task<JobList> ListAsync(JobFilter filter, CancellationToken ct) => ListAsync(filter, tenantId: null, platformOnly: false, ct);
}

/// <summary>Every tenant's jobs and the platform's (operator pages only).</summary>
public sealed class AllJobs(AppDbContext db, JobActions actions) : JobsQuery(db, actions)
{
    protected override IQueryable<Job> Scope => Db.Jobs;
}

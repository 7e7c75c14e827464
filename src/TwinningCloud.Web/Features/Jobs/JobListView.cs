using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Jobs;

/// <summary>What the shared list partial (<c>_JobList.cshtml</c>) draws, for the tenant's page and the operator's.</summary>
/// <param name="BasePath">The list's address, already resolved (<c>/marseille/admin/jobs</c>).</param>
/// <param name="Tenants">Operator page only: the tenants, for the tenant column and filter (null on a tenant's page).</param>
/// <param name="Zone">The time zone the times are written in.</param>
public sealed record JobListView(
    JobList Result, JobFilter Filter, string BasePath, TimeZoneInfo Zone, string ZoneName,
    IReadOnlyList<TenantInfo>? Tenants = null)
{
    public bool ShowTenant => Tenants is not null;

    public bool IsFiltered =>
        !string.IsNullOrWhiteSpace(Filter.Q) || Filter.StateValue is not null || !string.IsNullOrWhiteSpace(Filter.Kind) || !string.IsNullOrWhiteSpace(Filter.Tenant);

    public string DetailsOf(long id) => $"{BasePath}/{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The tenant column: the tenant's slug, or "platform" for the platform's own jobs.</summary>
    public string TenantOf(Guid? tenantId) =>
        tenantId is null ? JobsQuery.PlatformSlug
        : Tenants?.FirstOrDefault(t => t.Id == tenantId)?.Slug ?? tenantId.Value.ToString();

    /// <summary>This list on another page, with the same search and filters.</summary>
    public string PageUrl(int page) => Build(Filter.StateValue, page);

    /// <summary>This list filtered by <paramref name="state"/> (null: every state), from its first page.</summary>
    public string StateUrl(JobState? state) => Build(state, page: null);

    private string Build(JobState? state, int? page)
    {
        var query = new Dictionary<string, string?>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query[key] = value.Trim();
            }
        }
        Add("q", Filter.Q);
        Add("state", state is { } s ? JobText.Key(s) : null);
        Add("kind", Filter.Kind);
        Add("tenant", ShowTenant ? Filter.Tenant : null);
        Add("page", page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null);
        return QueryHelpers.AddQueryString(BasePath, query);
    }
}

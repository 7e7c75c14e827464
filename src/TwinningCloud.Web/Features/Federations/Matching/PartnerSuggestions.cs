using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Domains;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Matching;

/// <summary>A federation's directory with the published searches of its listed members: what suggestions are made from.</summary>
public sealed record MatchingData(Federation Federation, DirectoryIndex Index, IReadOnlyDictionary<Guid, PartnerSearch> Searches)
{
    /// <summary>A cooperation domain's name in the reader's language: the directory's, else the standard vocabulary's, else its key.</summary>
    public string DomainName(string key)
    {
        if (Index.DomainNames.ContainsKey(key))
        {
            return DirectoryRequest.DomainName(Index, key);
        }
        return CooperationDomains.Standard.FirstOrDefault(d => d.Key == key) is { } standard
            ? (ContentLanguage.Reader == SupportedCultures.English ? standard.En : standard.Fr)
            : key;
    }
}

/// <summary>Reads a federation's matching data (public data of its listed members only) and the current town's own search.</summary>
public sealed class PartnerSuggestions(AppDbContext db, FederationDirectory directory, MemberData memberData)
{
    public const int SuggestionsPerTown = 10;

    public async Task<MatchingData> DataAsync(Federation federation, CancellationToken ct)
    {
        var index = await directory.IndexAsync(federation, ct);
        var searches = await memberData.PublicPartnerSearchesAsync(index.Members.Keys.ToList(), ct);
        return new MatchingData(federation, index, searches);
    }

    /// <summary>The current town's own search (a draft included), or a new one.</summary>
    public async Task<PartnerSearch> OwnAsync(CancellationToken ct) =>
        await db.Set<PartnerSearch>().FirstOrDefaultAsync(ct) ?? new PartnerSearch();

    /// <summary>The federations the town is an accepted member of.</summary>
    public Task<List<Federation>> FederationsOfAsync(Guid tenantId, CancellationToken ct) =>
        db.Set<FederationMember>().AsNoTracking().Where(m => m.TenantId == tenantId && m.Status == MemberStatus.Accepted)
            .Join(db.Set<Federation>().AsNoTracking(), m => m.FederationId, f => f.Id, (m, f) => f).OrderBy(f => f.Name).ToListAsync(ct);

    public static IReadOnlyList<Suggestion> For(MatchingData data, Guid seekerId, PartnerSearch seeker, int max = SuggestionsPerTown) =>
        PartnerMatcher.Suggest(data.Index, seekerId, seeker, data.Searches, max);
}

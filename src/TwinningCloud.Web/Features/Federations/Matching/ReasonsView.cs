using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Web.Features.Federations.Matching;

/// <summary>A suggestion's reasons as a partial shows them (<c>_MatchReasons</c>).</summary>
public sealed record ReasonsView(MatchingData Data, Suggestion Suggestion)
{
    /// <summary>A domain's name inside a sentence: English lowers its first letter ("water"), French quotes it as it is.</summary>
    public string DomainInSentence(string key)
    {
        var name = Data.DomainName(key);
        return ContentLanguage.Reader == SupportedCultures.English && name.Length > 1 && char.IsUpper(name[0]) && char.IsLower(name[1])
            ? char.ToLowerInvariant(name[0]) + name[1..]
            : name;
    }

    public LocalizedText CityName(DirectoryRow row) =>
        DirectoryRequest.CityName(row, Data.Index.Members.TryGetValue(row.TenantId, out var m) ? m.Tenant : null);
}

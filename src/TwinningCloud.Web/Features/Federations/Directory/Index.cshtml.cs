using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>
/// A federation's public directory: every public agreement and partner city of its listed members, searchable by
/// partner country, partner city, cooperation domain, kind and year, with counts by country and domain, a map and
/// exports. Read from the live in-memory directory (<see cref="DirectoryCache"/>).
/// </summary>
public sealed class FederationDirectoryModel(FederationDirectory directory, PublicOrigin origin) : DirectoryPageModel(directory, origin)
{
    protected override (DirectoryQuery, DirectoryResult) Search(DirectoryIndex index, DirectoryQuery query) =>
        (query, index.Search(query, pins: false));
}

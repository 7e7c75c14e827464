using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>The directory's map: the partner cities of a search (every partnership, <see cref="DirectoryIndex.MaxPins"/> cities at most), on the offline world map.</summary>
public sealed class FederationDirectoryMapModel(FederationDirectory directory, PublicOrigin origin) : DirectoryPageModel(directory, origin)
{
    protected override (DirectoryQuery, DirectoryResult) Search(DirectoryIndex index, DirectoryQuery query)
    {
        var first = query with { Page = 1 };
        return (first, index.Search(first, pageSize: 1));
    }
}

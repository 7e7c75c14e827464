using TwinningCloud.Web.Features.PartnerCities;

namespace TwinningCloud.Web.Features.PublicPages;

/// <summary>What <c>_WorldMap.cshtml</c> draws: the cities (pins where they have coordinates, and the list alternative) and a caption.</summary>
/// <param name="Filtered">The cities are those of a filter: an empty list says "none matches", not "none yet".</param>
public sealed record WorldMapView(IReadOnlyList<PartnerCity> Cities, string Caption, bool Compact = false, bool Filtered = false)
{
    public IEnumerable<PartnerCity> Pinned => Cities.Where(c => c.Latitude is not null && c.Longitude is not null);
}

using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Public;

/// <summary>
/// What <c>_WorldMap.cshtml</c> draws: the cities (pins where they have coordinates, and the list
/// alternative), a caption, and the town itself when its position is known. A full map (not compact)
/// can be zoomed and panned (<c>wwwroot/js/world-map.js</c>), close pins grouped.
/// </summary>
/// <param name="Filtered">The cities are those of a filter: an empty list says "none matches", not "none yet".</param>
public sealed record WorldMapView(IReadOnlyList<PartnerCity> Cities, string Caption, bool Compact = false, bool Filtered = false, TenantInfo? Town = null)
{
    public IEnumerable<PartnerCity> Pinned => Cities.Where(c => c.Latitude is not null && c.Longitude is not null);

    public bool ShowsTown => Town is { Latitude: not null, Longitude: not null };
}

using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Public;

/// <summary>
/// The land outline of the world map as an SVG file of its own: the same for every page and town, so
/// browsers keep it once and pages carry only their pins (a public page is 55 KB lighter).
/// </summary>
public static class WorldMapEndpoints
{
    public static IEndpointRouteBuilder MapWorldMapLand(this IEndpointRouteBuilder app)
    {
        app.MapGet("/map/land.svg", (WorldMap map, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=86400";
            var svg = $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="{map.ViewBox}"><path fill="#cbd5df" stroke="#8a99a8" stroke-width="0.5" d="{map.LandPath}"/></svg>""";
            return Results.Text(svg, "image/svg+xml; charset=utf-8");
        }).WithScope(EndpointScope.Shared).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}

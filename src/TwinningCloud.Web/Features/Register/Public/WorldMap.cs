using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TwinningCloud.Web.Features.Register.Public;

/// <summary>
/// The world map of the public pages, drawn on the server: Natural Earth's land outline
/// (<c>Resources/world-land.json</c>, committed; see its NOTICE) projected once into an SVG path, and the
/// partner cities' pins projected with the same equirectangular projection. No tiles, no CDN, no script.
/// </summary>
public sealed class WorldMap
{
    /// <summary>Width of the SVG's coordinate system: 360° of longitude.</summary>
    public const double Width = 1000;
    private const double Scale = Width / 360;
    /// <summary>The map shows latitudes from 84° N down to 58° S (Antarctica is left out).</summary>
    private const double North = 84, South = -58;
    public static double Height => (North - South) * Scale;

    public WorldMap()
    {
        using var stream = typeof(WorldMap).Assembly.GetManifestResourceStream("TwinningCloud.Web.Resources.world-land.json")
            ?? throw new InvalidOperationException("world-land.json is not embedded.");
        var rings = JsonSerializer.Deserialize<double[][]>(stream)!;
        var path = new StringBuilder(rings.Sum(r => r.Length * 5));
        foreach (var ring in rings)
        {
            if (ring.Where((_, i) => i % 2 == 1).Max() < South)
            {
                continue;
            }
            // A ring that crosses the antimeridian (Chukotka, Fiji) is unwrapped so that it does not streak across
            // the map; its smaller side goes beyond ±180° and is clipped by the view box.
            var shifts = new double[ring.Length / 2];
            for (var i = 1; i < shifts.Length; i++)
            {
                var step = ring[2 * i] - ring[2 * i - 2];
                shifts[i] = shifts[i - 1] + (step > 180 ? -360 : step < -180 ? 360 : 0);
            }
            var main = shifts.GroupBy(v => v).MaxBy(g => g.Count())!.Key;
            for (var i = 0; i < shifts.Length; i++)
            {
                var (x, y) = ProjectUnclamped(ring[2 * i + 1], ring[2 * i] + shifts[i] - main);
                path.Append(i == 0 ? 'M' : 'L').Append(Format(x)).Append(',').Append(Format(y));
            }
            path.Append('Z');
        }
        LandPath = path.ToString();
    }

    /// <summary>The SVG path data of the land.</summary>
    public string LandPath { get; }

    public string ViewBox => $"0 0 {Format(Width)} {Format(Height)}";

    /// <summary>Equirectangular projection into the SVG's coordinates (x to the east, y to the south).</summary>
    public static (double X, double Y) Project(double latitude, double longitude) =>
        ((Math.Clamp(longitude, -180, 180) + 180) * Scale, (North - Math.Clamp(latitude, South, North)) * Scale);

    private static (double X, double Y) ProjectUnclamped(double latitude, double longitude) =>
        ((longitude + 180) * Scale, (North - Math.Max(latitude, South - 10)) * Scale);

    public static string Format(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}

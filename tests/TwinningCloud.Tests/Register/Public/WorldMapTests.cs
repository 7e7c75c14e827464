using System.Globalization;
using System.Text.RegularExpressions;
using TwinningCloud.Web.Features.Register.Public;

namespace TwinningCloud.Tests.Register.Public;

public sealed partial class WorldMapTests
{
    [GeneratedRegex(@"([ML])(-?[\d.]+),(-?[\d.]+)")]
    private static partial Regex Points();

    private static List<(char Command, double X, double Y)> LandPoints() =>
        Points().Matches(new WorldMap().LandPath)
            .Select(m => (m.Groups[1].Value[0], double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .ToList();

    [Fact]
    public void The_land_outline_draws_every_continent_without_streaks_across_the_antimeridian()
    {
        var points = LandPoints();
        var streaks = points.Zip(points.Skip(1)).Count(p => p.Second.Command == 'L' && Math.Abs(p.Second.X - p.First.X) > WorldMap.Width / 2);
        Assert.Equal(0, streaks);

        // Land where each continent is (longitude, latitude), projected with the pins' projection.
        foreach (var (name, lon, lat) in new[] { ("Siberia", 100.0, 65.0), ("Europe", 10.0, 50.0), ("Africa", 20.0, 0.0), ("North America", -100.0, 45.0), ("South America", -60.0, -15.0), ("Australia", 135.0, -25.0) })
        {
            var (x, y) = WorldMap.Project(lat, lon);
            Assert.True(points.Count(p => Math.Abs(p.X - x) < 120 && Math.Abs(p.Y - y) < 120) > 10, $"no outline near {name}");
        }
    }

    [Fact]
    public void Pins_are_projected_west_to_east_and_north_to_south_inside_the_map()
    {
        var (dakarX, dakarY) = WorldMap.Project(14.69, -17.44);
        var (genoaX, genoaY) = WorldMap.Project(44.41, 8.93);
        Assert.True(dakarX < genoaX && dakarY > genoaY);
        Assert.Equal((0, 0), WorldMap.Project(90, -180));
        Assert.Equal(WorldMap.Width / 2, WorldMap.Project(0, 0).X, 3);
        Assert.InRange(WorldMap.Project(-89, 179.9).Y, 0, WorldMap.Height);
    }
}

using System.Net;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Register.Public;

/// <summary>The operator gives a town its position; its public map marks it.</summary>
public sealed class TownPositionTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task The_operator_gives_the_town_its_position_and_the_public_map_marks_the_town()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.EnsureOperatorAsync();
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsOperatorAsync();
        using var visitor = App.CreateClient();
        Assert.Null((await visitor.GetPageAsync("/marseille/twinnings")).QuerySelector(".world-map-town"));

        var refused = await operatorClient.SubmitFormAsync($"/platform/tenants/edit/{marseille.Id}", new Dictionary<string, string?>
        {
            ["Form.Latitude"] = "43,2965", ["Form.Longitude"] = "",
        });
        AssertStatus(HttpStatusCode.UnprocessableEntity, refused);
        var errors = (await Html.ParseAsync(refused)).QuerySelectorAll(".field-error").Select(e => e.Id).ToList();
        Assert.Contains("Latitude-error", errors);

        var saved = await operatorClient.SubmitFormAsync($"/platform/tenants/edit/{marseille.Id}", new Dictionary<string, string?>
        {
            ["Form.Latitude"] = "43.2965", ["Form.Longitude"] = "5.3698",
        });
        AssertStatus(HttpStatusCode.Redirect, saved);

        var town = (await visitor.GetPageAsync("/marseille/twinnings")).QuerySelector("figure.world-map .world-map-town")!;
        Assert.Equal("Ville de Marseille (notre ville)", town.GetAttribute("aria-label"));
        Assert.Equal("img", town.GetAttribute("role"));
        var (x, y) = TwinningCloud.Web.Features.Register.Public.WorldMap.Project(43.2965, 5.3698);
        Assert.Equal(TwinningCloud.Web.Features.Register.Public.WorldMap.Format(x), town.GetAttribute("data-x"));
        Assert.Equal(TwinningCloud.Web.Features.Register.Public.WorldMap.Format(y), town.GetAttribute("data-y"));
    }
}

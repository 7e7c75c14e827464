using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Demo;

namespace TwinningCloud.Tests.Federations;

public sealed class DemoFederationsTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task The_demo_has_CUF_with_Marseille_and_Bagnolet_and_the_CGLU_Mediterranean_commission_with_Marseille_once_however_often_it_runs()
    {
        for (var run = 0; run < 2; run++)
        {
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        using var visitor = App.CreateClient();

        var cuf = await visitor.GetPageAsync("/federations/cuf/directory");
        var med = await visitor.GetPageAsync("/federations/cglu-med/directory");

        var cufMembers = cuf.QuerySelectorAll("#directory-table tbody tr td:first-child").Select(c => c.TextContent.Trim()).Distinct().Order().ToArray();
        Assert.Equal(["Ville de Bagnolet", "Ville de Marseille"], cufMembers);
        Assert.Contains("Ville de Marseille", med.QuerySelector("#directory-table")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Ville de Bagnolet", med.QuerySelector("#directory-table")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Oranienburg", (await visitor.GetStringAsync("/federations/cuf/directory?city=oranienburg")), StringComparison.Ordinal);
    }
}

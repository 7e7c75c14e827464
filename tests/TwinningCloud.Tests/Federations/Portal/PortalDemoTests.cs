using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Demo;

namespace TwinningCloud.Tests.Federations.Portal;

public sealed class PortalDemoTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task The_demo_CGLU_Mediterranean_portal_has_the_seed_texts_its_forums_and_Marseille_once_however_often_it_runs()
    {
        for (var run = 0; run < 2; run++)
        {
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        using var visitor = App.CreateClient();

        var home = await visitor.GetPageAsync("/federations/cglu-med/portal");
        var homeEn = await App.CreateClient().GetPageAsync("/federations/cglu-med/portal?lang=en");
        var events = await visitor.GetPageAsync("/federations/cglu-med/portal/events");
        var members = await visitor.GetPageAsync("/federations/cglu-med/portal/members");

        Assert.Contains("Née avec les premiers jumelages de l'après-guerre", home.QuerySelector(".portal-text")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Born with the first twinnings after the war", homeEn.QuerySelector(".portal-text")!.TextContent, StringComparison.Ordinal);
        var past = events.QuerySelectorAll("#events-past ~ .event-list li a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(
            ["Rabat 2013 — Le rendez-vous mondial des autorités locales et régionales", "Forum des Autorités Locales et Régionales de la Méditerranée 2013",
             "Forum des Autorités Locales et Régionales de la Méditerranée 2010", "Forum des Autorités Locales et Régionales de la Méditerranée 2008"], past);
        Assert.Single(events.QuerySelectorAll("#events-upcoming ~ .event-list li"));
        Assert.Equal(["marseille"], members.QuerySelectorAll("#portal-members tbody tr").Select(r => r.GetAttribute("data-member")).ToList());
        Assert.Single(members.QuerySelectorAll("a.world-map-pin"));
    }
}

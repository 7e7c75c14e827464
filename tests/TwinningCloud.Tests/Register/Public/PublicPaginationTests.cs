using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Register.Public;

namespace TwinningCloud.Tests.Register.Public;

/// <summary>The public lists that grow with the register are paged, with a pager people and screen readers can use.</summary>
public sealed class PublicPaginationTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task The_partner_cities_list_is_paged_with_an_accessible_pager_that_keeps_the_filter()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.InTenantAsync(marseille, async db =>
        {
            db.AddRange(Enumerable.Range(0, PublicRegister.CitiesPerPage + 1).Select(i => new PartnerCity { Name = $"Ville {i:D3}", CountryCode = "IT" }));
            db.Add(new PartnerCity { Name = "Dakar", CountryCode = "SN" });
            return await db.SaveChangesAsync();
        });
        using var visitor = App.CreateClient();

        var first = await visitor.GetPageAsync("/marseille/partner-cities?country=IT");
        Assert.Equal(PublicRegister.CitiesPerPage, first.QuerySelectorAll("main .card-grid > li").Length);
        Assert.Contains("49", first.QuerySelector("main p[role=status]")!.TextContent, StringComparison.Ordinal);
        var pager = first.QuerySelector("nav.pager")!;
        Assert.Equal("Pages", pager.GetAttribute("aria-label"));
        Assert.Equal("Page 1 sur 2", pager.QuerySelector("[aria-current=page]")!.TextContent);
        var next = pager.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/marseille/partner-cities?country=IT&page=2", next);

        var second = await visitor.GetPageAsync(next);
        Assert.Equal(["Ville 048"], second.QuerySelectorAll("main .card-grid > li h2").Select(h => h.TextContent));
        Assert.Equal("/marseille/partner-cities?country=IT", second.QuerySelector("nav.pager a[rel=prev]")!.GetAttribute("href"));
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync("/marseille/partner-cities?page=3"));
        Assert.Null((await visitor.GetPageAsync("/marseille/partner-cities?country=SN")).QuerySelector("nav.pager"));
    }

    [Fact]
    public async Task The_twinnings_list_is_paged_while_its_counts_cover_every_agreement()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var genoa = await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");
        await Data.InTenantAsync(marseille, async db =>
        {
            db.AddRange(Enumerable.Range(0, TwinningsModel.AgreementsPerPage + 5).Select(i => new Agreement
            {
                Title = $"Accord {i:D3}", Kind = AgreementKind.CooperationAgreement, SignedOn = new DateOnly(1950, 1, 1).AddDays(i),
                Parties = [new AgreementParty { PartnerCityId = genoa.Id }],
            }));
            return await db.SaveChangesAsync();
        });
        using var visitor = App.CreateClient();

        var first = await visitor.GetPageAsync("/marseille/twinnings");
        Assert.Equal(TwinningsModel.AgreementsPerPage, first.QuerySelectorAll("article.public-agreement").Length);
        Assert.Contains("65", first.QuerySelector("p.public-counts")!.TextContent, StringComparison.Ordinal);
        var second = await visitor.GetPageAsync(first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(5, second.QuerySelectorAll("article.public-agreement").Length);
        Assert.Contains("65", second.QuerySelector("p.public-counts")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Page 2 sur 2", second.QuerySelector("nav.pager [aria-current=page]")!.TextContent);
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Tests.Modules;

public sealed class ModuleSwitchTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_module_switched_off_for_one_tenant_vanishes_there_only_and_its_data_waits()
    {
        await Data.EnsureOperatorAsync();
        var marseille = await Data.CreateTenantAsync("marseille", modules: [ModuleKeys.Agreements]);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet", modules: [ModuleKeys.Agreements, ModuleKeys.Collectives]);
        var sesto = await Data.AddPartnerCityAsync(bagnolet, "Sesto Fiorentino");
        await Data.AddPartnerCityAsync(marseille, "Gênes");
        using var visitor = App.CreateClient();
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsOperatorAsync();

        // The operator switches "agreements" off for Bagnolet, keeping collectives.
        var saved = await operatorClient.SubmitFormAsync($"/platform/tenants/edit/{bagnolet.Id}",
            new Dictionary<string, string?> { ["Form.Modules"] = ModuleKeys.Collectives });
        AssertStatus(HttpStatusCode.Redirect, saved);

        var bagnoletHome = await visitor.GetPageAsync("/bagnolet/");
        Assert.DoesNotContain("/bagnolet/partner-cities", bagnoletHome.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync("/bagnolet/partner-cities"));
        AssertStatus(HttpStatusCode.NotFound, await visitor.GetAsync($"/bagnolet/partner-cities/{sesto.Id}"));

        // Marseille keeps the module.
        var marseilleHome = await visitor.GetPageAsync("/marseille/");
        Assert.Contains("/marseille/partner-cities", marseilleHome.QuerySelectorAll("nav.main-nav a").Select(a => a.GetAttribute("href")));
        Assert.Contains("Gênes", await (await visitor.GetAsync("/marseille/partner-cities")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Bagnolet's partner cities are still stored, and come back when the module does.
        Assert.Equal(1, await Data.InTenantAsync(bagnolet, db => db.Set<PartnerCity>().CountAsync()));
        AssertStatus(HttpStatusCode.Redirect, await operatorClient.SubmitFormAsync($"/platform/tenants/edit/{bagnolet.Id}",
            new Dictionary<string, string?> { ["Form.Modules"] = $"{ModuleKeys.Agreements}|{ModuleKeys.Collectives}" }));
        var back = await visitor.GetAsync($"/bagnolet/partner-cities/{sesto.Slug}");
        AssertStatus(HttpStatusCode.OK, back);
        Assert.Contains("Sesto Fiorentino", await back.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_module_has_a_name_and_description_in_both_languages()
    {
        var texts = new TwinningCloud.Web.Platform.Localization.Texts();
        foreach (var key in typeof(ModuleKeys).GetFields().Select(f => (string)f.GetValue(null)!))
        {
            foreach (var culture in new[] { "fr", "en" })
            {
                Assert.Contains($"module.{key}.name", texts.KeysOf(culture));
                Assert.Contains($"module.{key}.description", texts.KeysOf(culture));
            }
        }
    }
}

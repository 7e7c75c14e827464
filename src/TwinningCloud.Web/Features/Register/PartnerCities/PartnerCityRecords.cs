using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.PartnerCities;

/// <summary>
/// Partner cities in the town's files (<c>partner-cities.csv</c>, <c>partner_cities</c>): matched by name and country
/// (case-insensitive), checked and written by <see cref="PartnerCityEditor"/>, as the form and the API do.
/// </summary>
public sealed class PartnerCityRecords : RecordKind
{
    public override string Key => "partner-city";
    public override string FileName => "partner-cities";
    public override string Section => "partner_cities";
    public override string IdentifyingColumn => "name";

    public override IReadOnlyList<string> Columns { get; } =
        ["name", "name_fr", "name_en", "local_name", "country", "region", "population", "population_year", "leader_title", "leader_name", "latitude", "longitude", "website", "notes", "public"];

    public override IReadOnlySet<string> NumberColumns { get; } = new HashSet<string>(StringComparer.Ordinal) { "population", "population_year", "latitude", "longitude" };

    public override string Column(string field) => field == "CountryCode" ? "country" : base.Column(field);

    /// <summary>The key a city is matched by: its name and country, case-insensitive.</summary>
    public static string CityKey(string name, string country) => $"{name.Trim().ToUpperInvariant()}|{country.Trim().ToUpperInvariant()}";

    public override async Task<IReadOnlyList<ExportRow>> ExportAsync(IServiceProvider services, CancellationToken ct) =>
        (await services.GetRequiredService<AppDbContext>().Set<PartnerCity>().AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.CountryCode).ToListAsync(ct))
        .Select(c => new ExportRow(new Dictionary<string, string?>
        {
            ["name"] = c.Name, ["name_fr"] = c.NameFr, ["name_en"] = c.NameEn, ["local_name"] = c.LocalName, ["country"] = c.CountryCode, ["region"] = c.Region,
            ["population"] = c.Population?.ToString(CultureInfo.InvariantCulture), ["population_year"] = c.PopulationYear?.ToString(CultureInfo.InvariantCulture),
            ["leader_title"] = c.LeaderTitle, ["leader_name"] = c.LeaderName, ["latitude"] = c.Latitude?.ToString("R", CultureInfo.InvariantCulture),
            ["longitude"] = c.Longitude?.ToString("R", CultureInfo.InvariantCulture), ["website"] = c.Website, ["notes"] = c.Notes,
            ["public"] = c.IsPublic ? "true" : "false",
        })).ToList();

    public override async Task PlanAsync(ImportPlan plan, IReadOnlyList<ImportRecord> records, CancellationToken ct)
    {
        var db = plan.Services.GetRequiredService<AppDbContext>();
        var editor = plan.Services.GetRequiredService<PartnerCityEditor>();
        var tenant = plan.Services.GetRequiredService<TenantContext>().Required;
        var index = await plan.Shared<PlannedCities>().LoadAsync(db, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var errorsBefore = plan.ErrorCount;
            var f = plan.Cells(record);
            var input = new PartnerCityInput
            {
                Name = f.Text("name"), CountryCode = f.Text("country")?.ToUpperInvariant(), NameFr = f.Text("name_fr"), NameEn = f.Text("name_en"),
                LocalName = f.Text("local_name"), Region = f.Text("region"), Population = f.LongNumber("population"), PopulationYear = f.IntNumber("population_year"),
                LeaderTitle = f.Text("leader_title"), LeaderName = f.Text("leader_name"), Latitude = f.DoubleNumber("latitude"), Longitude = f.DoubleNumber("longitude"),
                Website = f.Text("website"), Notes = f.Text("notes"), IsPublic = f.Bool("public", true),
            };
            if (plan.Refused(f, record, editor.Validate(input)) || plan.ErrorCount > errorsBefore)
            {
                continue;
            }
            var (name, country) = (input.Name!.Trim(), input.CountryCode!.Trim());
            var key = CityKey(name, country);
            if (!seen.Add(key))
            {
                f.Fail("name", "importexport.error.duplicate", $"{name} ({country})");
                continue;
            }
            var existing = index.GetValueOrDefault(key);
            var city = existing ?? new PartnerCity { TenantId = tenant.Id, Name = name, CountryCode = country };
            PartnerCityEditor.Apply(city, input);
            if (existing is null)
            {
                db.Add(city);
                index[key] = city;
            }
            plan.Planned(record, $"{name} ({country})", city, existing is null);
        }
    }
}

/// <summary>The town's partner cities and the file's new ones, by <see cref="PartnerCityRecords.CityKey"/>: the agreements of the same file name them.</summary>
public sealed class PlannedCities
{
    private Dictionary<string, PartnerCity>? index;

    public async Task<Dictionary<string, PartnerCity>> LoadAsync(AppDbContext db, CancellationToken ct) =>
        index ??= (await db.Set<PartnerCity>().ToListAsync(ct))
            .GroupBy(c => PartnerCityRecords.CityKey(c.Name, c.CountryCode)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
}

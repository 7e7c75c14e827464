using System.Collections.Frozen;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Federations;

/// <summary>
/// The directory's in-memory search (bit sets ANDed for several criteria) against the plain definition — a row is kept
/// when it matches every criterion given — over a directory of a few thousand rows (many 64-row words) and every
/// combination of criteria, with counts by country and domain and paging.
/// </summary>
public sealed class DirectoryIndexSearchTests
{
    private static readonly string[] Countries = ["IT", "DE", "ES", "MA", "SN", "JP", "GB"];
    private static readonly string[] Domains = ["culture", "health", "education", "water", "youth"];

    [Fact]
    public void Every_combination_of_criteria_keeps_exactly_the_rows_that_match_them_all_in_order_with_their_counts()
    {
        var random = new Random(20261128);
        var members = new List<DirectoryMember>();
        var registers = new Dictionary<Guid, MemberRegister>();
        for (var t = 0; t < 40; t++)
        {
            var town = new TenantInfo(Guid.NewGuid(), $"town-{t}", $"Commune {t:D2}", "fr", "Europe/Paris", TenantStatus.Active, "#1d4f91", false, 1,
                [], new[] { "agreements" }.ToFrozenSet(StringComparer.Ordinal));
            members.Add(new DirectoryMember(town, false));
            var rows = Enumerable.Range(0, 75).Select(n => new DirectoryRow(
                town.Id, Guid.NewGuid(), random.Next(6) == 0 ? null : (AgreementKind)random.Next(5), $"Accord {n}", null, null,
                random.Next(8) == 0 ? null : 1990 + random.Next(12), false, Guid.NewGuid(), $"Ville {random.Next(60)}", null, null, null,
                Countries[random.Next(Countries.Length)], null, null,
                Domains.Where(_ => random.Next(3) == 0).ToArray())).ToList();
            registers[town.Id] = new MemberRegister(town.Id, rows, Domains.ToDictionary(d => d, d => (d, d)));
        }
        var index = new DirectoryIndex(members, registers);
        Assert.Equal(3000, index.Rows.Length);

        var checkedQueries = 0;
        foreach (var country in new string?[] { null, "IT", "JP", "FR" })
        foreach (var domain in new string?[] { null, "water", "youth", "space" })
        foreach (var kind in new AgreementKind?[] { null, AgreementKind.Charter, AgreementKind.TwinningOath })
        foreach (var year in new int?[] { null, 1995, 1850 })
        foreach (var city in new string?[] { null, "ville 1", "VILLE 42" })
        {
            var query = new DirectoryQuery(country, city, domain, kind, year);
            var expected = Enumerable.Range(0, index.Rows.Length).Where(i =>
            {
                var row = index.Rows[i];
                return (country is null || row.CountryCode == country) && (domain is null || row.DomainKeys.Contains(domain))
                    && (kind is null || row.Kind == kind) && (year is null || row.Year == year)
                    && (city is null || DirectoryIndex.Normalize(row.CityName).Contains(DirectoryIndex.Normalize(city), StringComparison.Ordinal));
            }).Select(i => index.Rows[i]).ToList();

            var all = index.Search(query, pageSize: 10_000, pins: false);
            Assert.Equal(expected.Count, all.Total);
            Assert.Equal(expected, all.Rows); // the same rows, in the directory's order
            var byCountry = expected.GroupBy(r => r.CountryCode).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(byCountry.OrderBy(c => c.Key, StringComparer.Ordinal), all.ByCountry.OrderBy(c => c.Key, StringComparer.Ordinal));
            var byDomain = expected.SelectMany(r => r.DomainKeys.Distinct()).GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(byDomain.OrderBy(c => c.Key, StringComparer.Ordinal), all.ByDomain.OrderBy(c => c.Key, StringComparer.Ordinal));
            var second = index.Search(query with { Page = 2 }, pins: false);
            // Page 2 when there is one; a page beyond the last shows the last.
            var pageTwo = expected.Count > DirectoryIndex.PageSize ? expected.Skip(DirectoryIndex.PageSize) : expected;
            Assert.Equal(pageTwo.Take(DirectoryIndex.PageSize), second.Rows);
            checkedQueries++;
        }
        Assert.Equal(4 * 4 * 3 * 3 * 3, checkedQueries);
    }
}

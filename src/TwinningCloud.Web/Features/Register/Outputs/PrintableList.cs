using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>
/// The public "list of twinnings and cooperation agreements", in the manner of Marseille's document:
/// grouped by partner city, only what the public rules let through (<see cref="Agreement.PublicRule"/>,
/// <see cref="PartnerCity.PublicRule"/>: no internal item, no draft; ended agreements marked so); texts in the current culture. The HTML
/// page and the PDF are both drawn from it.
/// </summary>
public sealed class PrintableList(AppDbContext db, Texts T, Countries countries, TenantContext tenant)
{
    public sealed record Entry(string Kind, LocalizedText Title, string? SignedText, IReadOnlyList<string> History);

    public sealed record CityGroup(string Heading, string? Leader, string? Population, string? Domains, IReadOnlyList<Entry> Agreements);

    public async Task<List<CityGroup>> BuildAsync(CancellationToken ct)
    {
        var culture = CultureInfo.CurrentCulture;
        var agreements = await db.Set<Agreement>().AsNoTracking().PubliclyVisible()
            .Include(a => a.Parties).ThenInclude(p => p.PartnerCity)
            .Include(a => a.Domains).ThenInclude(d => d.Domain)
            .Include(a => a.Events)
            .AsSplitQuery().ToListAsync(ct);
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var town = ContentLanguage.Town(tenant);
        return agreements
            .SelectMany(a => a.Parties.Where(p => p.PartnerCity is not null && IsVisibleCity(p.PartnerCity)).Select(p => (City: p.PartnerCity!, Agreement: a)))
            .GroupBy(x => x.City.Id)
            .Select(g =>
            {
                var city = g.First().City;
                var list = g.Select(x => x.Agreement).OrderBy(a => a.SignedOn ?? DateOnly.MaxValue).ThenBy(a => a.DisplayTitle(town).Text, StringComparer.CurrentCulture).ToList();
                var domains = list.SelectMany(a => a.Domains).Select(d => d.Domain!).DistinctBy(d => d.Key)
                    .Select(d => d.NameIn(lang)).ToList();
                return new CityGroup(
                    city.LocalName is { Length: > 0 } local && local != city.DisplayName(town).Text
                        ? $"{city.DisplayName(town).Text} – {local} ({countries.NameOf(city.CountryCode)})"
                        : $"{city.DisplayName(town).Text} ({countries.NameOf(city.CountryCode)})",
                    city.LeaderName is null ? null : city.LeaderTitle is null ? city.LeaderName : $"{city.LeaderTitle} : {city.LeaderName}",
                    city.Population is { } population ? T["importexport.list.population", population.ToString("N0", culture)] : null,
                    domains.Count == 0 ? null : T["importexport.list.domains", string.Join(", ", domains)],
                    list.Select(a => new Entry(
                        T[$"importexport.kind.{ImportFormat.Slug(a.Kind)}"],
                        a.Status == AgreementStatus.Ended ? a.DisplayTitle(town) with { Text = T["pub.agreement.title-ended", a.DisplayTitle(town).Text] } : a.DisplayTitle(town),
                        a.SignedOn is { } signed ? Signed(signed, a.SignedPrecision) + (a.SignedAt is null ? "" : " " + T["importexport.list.signed-at", a.SignedAt]) : null,
                        a.Events.OrderBy(e => e.OccurredOn).Select(e => History(e, culture)).ToList())).ToList());
            })
            .OrderBy(g => g.Heading, StringComparer.Create(culture, ignoreCase: true)).ToList();
    }

    private static readonly Func<PartnerCity, bool> IsVisibleCity = PartnerCity.PublicRule.Compile();

    /// <summary>"signé le 10 juillet 1958", "signé en mai 2003", "signé en 1962".</summary>
    private string Signed(DateOnly signed, DatePrecision precision) => precision == DatePrecision.Day
        ? T["importexport.list.signed", TwinningCloud.Web.Platform.Localization.DisplayDates.Date(signed)]
        : T["i18n.list.signed-in", TwinningCloud.Web.Features.Register.Public.PublicDates.Format(signed, precision)];

    private string History(AgreementEvent e, CultureInfo culture)
    {
        var date = e.Precision switch
        {
            DatePrecision.Year => T["importexport.date.year", e.OccurredOn.ToString("yyyy", culture)],
            DatePrecision.Month => T["importexport.date.month", e.OccurredOn.ToString("MMMM yyyy", culture)],
            _ => T["importexport.date.day", e.OccurredOn.ToString("d MMMM yyyy", culture)],
        };
        var text = $"{T[$"importexport.event.{ImportFormat.Slug(e.Kind)}"]} {date}";
        return e.Notes is null ? text : $"{text} ({e.Notes})";
    }
}

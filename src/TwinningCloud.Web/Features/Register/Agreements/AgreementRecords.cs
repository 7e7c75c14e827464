using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Agreements;

/// <summary>
/// Agreements in the town's files (<c>agreements.csv</c>, <c>agreements</c>): matched by title (case-insensitive), with
/// their partners ("Gênes (IT); Lyon (FR)", cities of the register or of the same file), domains and history; checked and
/// written by <see cref="AgreementEditor"/>, as the form and the API do. The partners, domains and history become exactly the file's.
/// </summary>
public sealed class AgreementRecords : RecordKind
{
    public override string Key => "agreement";
    public override string FileName => "agreements";
    public override string Section => "agreements";
    public override string IdentifyingColumn => "title";

    public override IReadOnlyList<string> Columns { get; } =
        ["title", "title_fr", "title_en", "kind", "partners", "signed_on", "signed_at", "decision", "status", "next_review_on", "domains", "history", "summary", "summary_fr", "summary_en", "public"];

    public override IReadOnlyList<ListColumn> Lists { get; } =
    [
        new("partners", ';', ["name", "country"], 2, "importexport.error.bad-partner", ParsePartner, p => $"{p[0]} ({p[1]})"),
        ListColumn.OfTexts("domains", ';'),
        new("history", '|', ["kind", "date", "precision", "notes"], 0, "importexport.error.bad-history", ParseHistory, p => string.Join(':', p)),
    ];

    public override string Column(string field) => field switch
    {
        "PartyIds" => "partners",
        "DomainKeys" => "domains",
        "SignedPrecision" => "signed_on",
        "DecisionReference" => "decision",
        _ when field.StartsWith("Events", StringComparison.Ordinal) => "history",
        _ => base.Column(field),
    };

    /// <summary>"Gênes (IT)" as (name, country); null when it is not a name and a two-letter country in brackets.</summary>
    private static string?[]? ParsePartner(string text)
    {
        var open = text.LastIndexOf('(');
        return open <= 0 || !text.EndsWith(')') || text.Length - open != 4 ? null : [text[..open].Trim(), text[(open + 1)..^1].Trim()];
    }

    /// <summary>"renewed:1991-05-23:day:notes" as (kind, date, precision, notes); the last two may be left out.</summary>
    private static string?[]? ParseHistory(string text)
    {
        var bits = text.Split(':', 4);
        return bits.Length < 2 ? null : [bits[0].Trim(), bits[1].Trim(), bits.Length > 2 ? NullIfEmpty(bits[2]) : null, bits.Length > 3 ? NullIfEmpty(bits[3]) : null];
    }

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public override async Task<IReadOnlyList<ExportRow>> ExportAsync(IServiceProvider services, CancellationToken ct)
    {
        var agreements = await services.GetRequiredService<AppDbContext>().Set<Agreement>().AsNoTracking()
            .Include(a => a.Parties).ThenInclude(p => p.PartnerCity)
            .Include(a => a.Domains).ThenInclude(d => d.Domain)
            .Include(a => a.Events)
            .AsSplitQuery().ToListAsync(ct);
        return agreements.OrderBy(a => a.SignedOn ?? DateOnly.MaxValue).ThenBy(a => a.Title, StringComparer.Ordinal)
            .Select(a => new ExportRow(new Dictionary<string, string?>
            {
                ["title"] = a.Title, ["title_fr"] = a.TitleFr, ["title_en"] = a.TitleEn, ["kind"] = ImportFormat.Slug(a.Kind),
                ["signed_on"] = a.SignedOn is { } s ? FormatDate(s, a.SignedPrecision) : null,
                ["signed_at"] = a.SignedAt, ["decision"] = a.DecisionReference, ["status"] = ImportFormat.Slug(a.Status),
                ["next_review_on"] = a.NextReviewOn is { } r ? ImportFormat.FormatDate(r) : null, ["summary"] = a.Summary,
                ["summary_fr"] = a.SummaryFr, ["summary_en"] = a.SummaryEn, ["public"] = a.IsPublic ? "true" : "false",
            },
            new Dictionary<string, IReadOnlyList<IReadOnlyList<string?>>>
            {
                ["partners"] = a.Parties.Select(p => (p.PartnerCity!.Name, p.PartnerCity.CountryCode)).OrderBy(p => p.Name, StringComparer.Ordinal)
                    .Select(p => (IReadOnlyList<string?>)[p.Name, p.CountryCode]).ToList(),
                ["domains"] = a.Domains.Select(d => d.Domain!.Key).Order(StringComparer.Ordinal).Select(k => (IReadOnlyList<string?>)[k]).ToList(),
                ["history"] = a.Events.OrderBy(e => e.OccurredOn)
                    .Select(e => (IReadOnlyList<string?>)[ImportFormat.Slug(e.Kind), FormatDate(e.OccurredOn, e.Precision), ImportFormat.Slug(e.Precision), e.Notes]).ToList(),
            })).ToList();
    }

    public override async Task PlanAsync(ImportPlan plan, IReadOnlyList<ImportRecord> records, CancellationToken ct)
    {
        var db = plan.Services.GetRequiredService<AppDbContext>();
        var editor = plan.Services.GetRequiredService<AgreementEditor>();
        var tenant = plan.Services.GetRequiredService<TenantContext>().Required;
        var cities = await plan.Shared<PlannedCities>().LoadAsync(db, ct);
        var index = (await db.Set<Agreement>().Include(a => a.Parties).Include(a => a.Domains).Include(a => a.Events).AsSplitQuery().ToListAsync(ct))
            .GroupBy(a => a.Title.Trim().ToUpperInvariant()).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var errorsBefore = plan.ErrorCount;
            var f = plan.Cells(record);
            var title = f.Text("title");
            var existing = title is null ? null : index.GetValueOrDefault(title.Trim().ToUpperInvariant());
            var (signedOn, signedPrecision) = PartialDate(f, "signed_on");
            var input = new AgreementInput
            {
                Title = title, Kind = f.Enum<AgreementKind>("kind", null)?.ToString(), TitleFr = f.Text("title_fr"), TitleEn = f.Text("title_en"),
                SignedOn = signedOn, SignedPrecision = signedPrecision.ToString(), SignedAt = f.Text("signed_at"),
                DecisionReference = f.Text("decision"),
                Status = f.Enum<AgreementStatus>("status", AgreementStatus.Active)?.ToString(), NextReviewOn = f.Date("next_review_on"),
                Summary = f.Text("summary"), SummaryFr = f.Text("summary_fr"), SummaryEn = f.Text("summary_en"), IsPublic = f.Bool("public", true),
                // Not in the file: the responsible person stays who it was.
                ResponsibleUserId = existing?.ResponsibleUserId,
                DomainKeys = record.List("domains").Select(d => d[0]!).ToList(),
                PartyIds = record.List("partners").Select(party => Party(party[0]!, party[1]!, cities, f)).ToList(),
                Events = History(record.List("history"), existing, f),
            };
            // Validated even when a cell did not parse: the caps come first, and a column keeps its parse error.
            var (errors, domains) = await editor.ValidateAsync(input, ct);
            if (plan.Refused(f, record, errors) || plan.ErrorCount > errorsBefore)
            {
                continue;
            }
            if (!seen.Add(title!.Trim().ToUpperInvariant()))
            {
                f.Fail("title", "importexport.error.duplicate", title);
                continue;
            }
            var agreement = existing ?? new Agreement { TenantId = tenant.Id, Title = title };
            if (existing is null)
            {
                db.Add(agreement);
            }
            var partsBefore = Parts(agreement);
            AgreementEditor.Apply(agreement, input, domains);
            plan.Planned(record, title, agreement, existing is null, Parts(agreement) != partsBefore);
        }
    }

    /// <summary>A party of the file (name and country) as the id of a city of the register or of the file; Guid.Empty (and an error) when there is none.</summary>
    private static Guid Party(string name, string country, Dictionary<string, PartnerCity> cities, FieldChecks f)
    {
        if (cities.TryGetValue(PartnerCityRecords.CityKey(name, country), out var city))
        {
            return city.Id;
        }
        f.Fail("partners", "importexport.error.unknown-partner", $"{name} ({country})");
        return Guid.Empty;
    }

    /// <summary>
    /// The file's history as the editor's entries: an entry equal to one already recorded (kind, date, precision, notes)
    /// keeps that one's id, so that an unchanged history stays unchanged; the others are new, and recorded ones not in the file go.
    /// </summary>
    private static List<AgreementEventInput> History(IReadOnlyList<string?[]> history, Agreement? existing, FieldChecks f)
    {
        var unused = existing?.Events.ToList() ?? [];
        var entries = new List<AgreementEventInput>();
        foreach (var item in history)
        {
            var (kindText, dateText, precisionText, notes) = (item[0], item[1], item[2], item[3]);
            if (kindText is null || !ImportFormat.TryParseSlug<AgreementEventKind>(kindText, out var kind))
            {
                f.Fail("history", "importexport.error.unknown-value", kindText, ImportFormat.Slugs<AgreementEventKind>());
                continue;
            }
            if (!TryParsePartialDate(dateText, out var date, out var precision))
            {
                f.Fail("history", "importexport.error.not-a-date", dateText);
                continue;
            }
            if (precisionText is not null && !ImportFormat.TryParseSlug(precisionText, out precision))
            {
                f.Fail("history", "importexport.error.unknown-value", precisionText, ImportFormat.Slugs<DatePrecision>());
                continue;
            }
            var same = unused.FirstOrDefault(e => e.Kind == kind && e.OccurredOn == date && e.Precision == precision && e.Notes == (string.IsNullOrWhiteSpace(notes) ? null : notes.Trim()));
            if (same is not null)
            {
                unused.Remove(same);
            }
            entries.Add(new AgreementEventInput { Id = same?.Id, Kind = kind.ToString(), OccurredOn = date, Precision = precision.ToString(), Notes = notes });
        }
        return entries;
    }

    /// <summary>An agreement's parties, domains and history as one text: the same before and after the editor wrote the file's values when none of them changed.</summary>
    private static string Parts(Agreement agreement) => string.Join('\n',
        agreement.Parties.Select(p => p.PartnerCityId.ToString()).Order(StringComparer.Ordinal)
            .Concat(agreement.Domains.Select(d => d.DomainId.ToString()).Order(StringComparer.Ordinal))
            .Concat(agreement.Events.Select(e => $"{e.Id}:{e.Kind}:{e.OccurredOn:O}:{e.Precision}:{e.Notes}").Order(StringComparer.Ordinal)));

    /// <summary>A cell's date as precise as it is known: "1962" (year), "2003-05" (month) or "2003-05-12" (day).</summary>
    private static (DateOnly? Date, DatePrecision Precision) PartialDate(FieldChecks f, string field)
    {
        var value = f.Text(field);
        if (value is null)
        {
            return (null, DatePrecision.Day);
        }
        if (!TryParsePartialDate(value, out var date, out var precision))
        {
            f.Fail(field, "importexport.error.not-a-date", value);
            return (null, DatePrecision.Day);
        }
        return (date, precision);
    }

    /// <summary>A date as precise as it is known: "1962" (year), "2003-05" (month) or "2003-05-12" (day); false when it is none of these.</summary>
    public static bool TryParsePartialDate(string? text, out DateOnly date, out DatePrecision precision)
    {
        (date, precision) = (default, DatePrecision.Day);
        var (full, p) = text switch
        {
            { Length: 4 } => (text + "-01-01", DatePrecision.Year),
            { Length: 7 } => (text + "-01", DatePrecision.Month),
            _ => (text, DatePrecision.Day),
        };
        if (full is null || !DateOnly.TryParseExact(full, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return false;
        }
        precision = p;
        return true;
    }

    /// <summary>A date as precise as it is known: "2001", "2001-05" or "2001-05-23".</summary>
    public static string FormatDate(DateOnly date, DatePrecision precision) => precision switch
    {
        DatePrecision.Year => date.ToString("yyyy", CultureInfo.InvariantCulture),
        DatePrecision.Month => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => ImportFormat.FormatDate(date),
    };
}

using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Outputs;

public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,
}

public sealed record ImportItem(RecordKind Kind, int Line, string Name, ImportOutcome Outcome);

/// <summary>What an import would do (preview) or did (apply): each record's outcome, and every bad line.</summary>
public sealed class ImportReport
{
    public List<ImportError> Errors { get; } = [];
    public List<ImportItem> Items { get; } = [];
    public bool Applied { get; set; }
    public bool HasErrors => Errors.Count > 0;

    public int Count(ImportOutcome outcome) => Items.Count(i => i.Outcome == outcome);

    public int Count(RecordKind kind, ImportOutcome outcome) => Items.Count(i => i.Kind == kind && i.Outcome == outcome);
}

/// <summary>
/// Checks an import file against the tenant's register and applies it, all or nothing. The same code plans
/// the preview and the apply: it loads the tenant's rows tracked, writes the file's values onto them (or
/// adds new rows), and reads the outcome from the change tracker. Preview never saves; apply saves once
/// (one transaction) only when no line is bad. Matching: partner city by name and country, agreement by
/// title, membership by network key (all case-insensitive).
/// </summary>
public sealed class RegisterImporter(
    AppDbContext db, TenantContext tenant, PartnerCityEditor cityEditor, AgreementEditor agreementEditor, NetworkMembershipEditor membershipEditor)
{
    public async Task<ImportReport> PreviewAsync(ParsedFile file, CancellationToken ct) => await PlanAsync(file, ct);

    public async Task<ImportReport> ApplyAsync(ParsedFile file, CancellationToken ct)
    {
        var report = await PlanAsync(file, ct);
        if (report.HasErrors)
        {
            db.ChangeTracker.Clear();
            return report;
        }
        await db.SaveChangesAsync(ct);
        report.Applied = true;
        return report;
    }

    private async Task<ImportReport> PlanAsync(ParsedFile file, CancellationToken ct)
    {
        var report = new ImportReport();
        report.Errors.AddRange(file.Errors);
        if (file.Records.Count > ImportFormat.MaxRecords)
        {
            // Refused whole, before anything is planned: one error at the first record over the cap.
            report.Errors.Add(new ImportError(file.Records[ImportFormat.MaxRecords].Line, "", "pub.error.too-many-records"));
            return report;
        }
        var cities = await PlanCitiesAsync(file, report, ct);
        await PlanAgreementsAsync(file, report, cities, ct);
        await PlanMembershipsAsync(file, report, ct);
        report.Errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return report;
    }

    private static string CityKey(string name, string country) => $"{name.Trim().ToUpperInvariant()}|{country.Trim().ToUpperInvariant()}";

    /// <summary>
    /// The file's column of an editor's field ("CountryCode" → "country", "SinceYear" → "since_year", "Events[2].Notes" →
    /// "history"): the editors' errors are reported where the person fixes them, under the same text key as on the form.
    /// </summary>
    internal static string Column(string field) => field switch
    {
        "" => "",
        "CountryCode" => "country",
        "PartyIds" => "partners",
        "DomainKeys" => "domains",
        "SignedPrecision" => "signed_on",
        "NetworkId" => "network",
        "IsPublic" => "public",
        _ when field.StartsWith("Events", StringComparison.Ordinal) => "history",
        _ => string.Concat(field.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString())),
    };

    /// <summary>Reports an editor's errors on the record's line, one per column (a column that already has a parse error keeps that one); true when there were any.</summary>
    private static bool Refused(FieldChecks f, Dictionary<string, string> editorErrors, List<ImportError> errors)
    {
        var taken = errors.Where(e => e.Line == f.Line).Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        foreach (var (field, key) in editorErrors)
        {
            if (taken.Add(Column(field)))
            {
                f.Fail(Column(field), key);
            }
        }
        return editorErrors.Count > 0;
    }

    private async Task<Dictionary<string, PartnerCity>> PlanCitiesAsync(ParsedFile file, ImportReport report, CancellationToken ct)
    {
        var index = (await db.Set<PartnerCity>().ToListAsync(ct))
            .GroupBy(c => CityKey(c.Name, c.CountryCode)).ToDictionary(g => g.Key, g => g.First());
        var seen = new HashSet<string>();
        foreach (var record in file.Records.Where(r => r.Kind == RecordKind.PartnerCity))
        {
            var errorsBefore = report.Errors.Count;
            var f = new FieldChecks(record, report.Errors);
            var input = new PartnerCityInput
            {
                Name = f.Text("name"), CountryCode = f.Text("country")?.ToUpperInvariant(), NameFr = f.Text("name_fr"), NameEn = f.Text("name_en"),
                LocalName = f.Text("local_name"), Region = f.Text("region"), Population = f.Long("population"), PopulationYear = f.Int("population_year"),
                LeaderTitle = f.Text("leader_title"), LeaderName = f.Text("leader_name"), Latitude = f.Double("latitude"), Longitude = f.Double("longitude"),
                Website = f.Text("website"), Notes = f.Text("notes"), IsPublic = f.Bool("public", true),
            };
            if (Refused(f, cityEditor.Validate(input), report.Errors) || report.Errors.Count > errorsBefore)
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
            var city = existing ?? new PartnerCity { TenantId = tenant.Required.Id, Name = name, CountryCode = country };
            PartnerCityEditor.Apply(city, input);
            if (existing is null)
            {
                db.Add(city);
                index[key] = city;
            }
            report.Items.Add(new ImportItem(RecordKind.PartnerCity, record.Line, $"{name} ({country})", Outcome(city, existing is null, false)));
        }
        return index;
    }

    private async Task PlanAgreementsAsync(ParsedFile file, ImportReport report, Dictionary<string, PartnerCity> cities, CancellationToken ct)
    {
        var records = file.Records.Where(r => r.Kind == RecordKind.Agreement).ToList();
        if (records.Count == 0)
        {
            return;
        }
        var index = (await db.Set<Agreement>().Include(a => a.Parties).Include(a => a.Domains).Include(a => a.Events).AsSplitQuery().ToListAsync(ct))
            .GroupBy(a => a.Title.Trim().ToUpperInvariant()).ToDictionary(g => g.Key, g => g.First());
        var seen = new HashSet<string>();
        foreach (var record in records)
        {
            var errorsBefore = report.Errors.Count;
            var f = new FieldChecks(record, report.Errors);
            var title = f.Text("title");
            var existing = title is null ? null : index.GetValueOrDefault(title.Trim().ToUpperInvariant());
            var (signedOn, signedPrecision) = f.PartialDate("signed_on");
            var input = new AgreementInput
            {
                Title = title, Kind = f.Enum<AgreementKind>("kind", null)?.ToString(), TitleFr = f.Text("title_fr"), TitleEn = f.Text("title_en"),
                SignedOn = signedOn, SignedPrecision = signedPrecision.ToString(), SignedAt = f.Text("signed_at"),
                DecisionReference = f.Text("decision"),
                Status = f.Enum<AgreementStatus>("status", AgreementStatus.Active)?.ToString(), NextReviewOn = f.Date("next_review_on"),
                Summary = f.Text("summary"), SummaryFr = f.Text("summary_fr"), SummaryEn = f.Text("summary_en"), IsPublic = f.Bool("public", true),
                // Not in the file: the responsible person stays who it was.
                ResponsibleUserId = existing?.ResponsibleUserId,
                DomainKeys = [.. record.Domains],
                PartyIds = record.Partners.Select(party => Party(party, cities, f)).ToList(),
                Events = History(record.History, existing, f),
            };
            // Validated even when a cell did not parse: the caps come first, and a column keeps its parse error.
            var (errors, domains) = await agreementEditor.ValidateAsync(input, ct);
            if (Refused(f, errors, report.Errors) || report.Errors.Count > errorsBefore)
            {
                continue;
            }
            if (!seen.Add(title!.Trim().ToUpperInvariant()))
            {
                f.Fail("title", "importexport.error.duplicate", title);
                continue;
            }
            var agreement = existing ?? new Agreement { TenantId = tenant.Required.Id, Title = title };
            if (existing is null)
            {
                db.Add(agreement);
            }
            var partsBefore = Parts(agreement);
            AgreementEditor.Apply(agreement, input, domains);
            report.Items.Add(new ImportItem(RecordKind.Agreement, record.Line, title, Outcome(agreement, existing is null, Parts(agreement) != partsBefore)));
        }
    }

    /// <summary>A party of the file (name and country) as the id of a city of the register or of the file; Guid.Empty (and an error) when there is none.</summary>
    private static Guid Party(PartyRef party, Dictionary<string, PartnerCity> cities, FieldChecks f)
    {
        if (cities.TryGetValue(CityKey(party.Name, party.Country), out var city))
        {
            return city.Id;
        }
        f.Fail("partners", "importexport.error.unknown-partner", ImportFormat.FormatParty(party));
        return Guid.Empty;
    }

    /// <summary>
    /// The file's history as the editor's entries: an entry equal to one already recorded (kind, date, precision, notes)
    /// keeps that one's id, so that an unchanged history stays unchanged; the others are new, and recorded ones not in the file go.
    /// </summary>
    private static List<AgreementEventInput> History(List<HistoryInput> history, Agreement? existing, FieldChecks f)
    {
        var unused = existing?.Events.ToList() ?? [];
        var entries = new List<AgreementEventInput>();
        foreach (var input in history)
        {
            if (input.Kind is null || !ImportFormat.TryParseSlug<AgreementEventKind>(input.Kind, out var kind))
            {
                f.Fail("history", "importexport.error.unknown-value", input.Kind, ImportFormat.Slugs<AgreementEventKind>());
                continue;
            }
            if (!ImportFormat.TryParsePartialDate(input.Date, out var date, out var precision))
            {
                f.Fail("history", "importexport.error.not-a-date", input.Date);
                continue;
            }
            if (input.Precision is not null && !ImportFormat.TryParseSlug(input.Precision, out precision))
            {
                f.Fail("history", "importexport.error.unknown-value", input.Precision, ImportFormat.Slugs<DatePrecision>());
                continue;
            }
            var same = unused.FirstOrDefault(e => e.Kind == kind && e.OccurredOn == date && e.Precision == precision && e.Notes == (string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim()));
            if (same is not null)
            {
                unused.Remove(same);
            }
            entries.Add(new AgreementEventInput { Id = same?.Id, Kind = kind.ToString(), OccurredOn = date, Precision = precision.ToString(), Notes = input.Notes });
        }
        return entries;
    }

    /// <summary>An agreement's parties, domains and history as one text: the same before and after the editor wrote the file's values when none of them changed.</summary>
    private static string Parts(Agreement agreement) => string.Join('\n',
        agreement.Parties.Select(p => p.PartnerCityId.ToString()).Order(StringComparer.Ordinal)
            .Concat(agreement.Domains.Select(d => d.DomainId.ToString()).Order(StringComparer.Ordinal))
            .Concat(agreement.Events.Select(e => $"{e.Id}:{e.Kind}:{e.OccurredOn:O}:{e.Precision}:{e.Notes}").Order(StringComparer.Ordinal)));

    private async Task PlanMembershipsAsync(ParsedFile file, ImportReport report, CancellationToken ct)
    {
        var records = file.Records.Where(r => r.Kind == RecordKind.Membership).ToList();
        if (records.Count == 0)
        {
            return;
        }
        var networks = await db.Set<Network>().AsNoTracking().ToDictionaryAsync(n => n.Key, StringComparer.OrdinalIgnoreCase, ct);
        var index = (await db.Set<NetworkMembership>().ToListAsync(ct)).ToDictionary(m => m.NetworkId);
        var seen = new HashSet<Guid>();
        foreach (var record in records)
        {
            var errorsBefore = report.Errors.Count;
            var f = new FieldChecks(record, report.Errors);
            var key = f.Text("network");
            Network? network = null;
            if (key is not null && !networks.TryGetValue(key.Trim(), out network))
            {
                f.Fail("network", "importexport.error.unknown-network", key); // the file's key: the import's own matter, as a partner not found
            }
            var input = new MembershipInput(
                network?.Id, f.Int("since_year"), f.Enum<MembershipRole>("role", MembershipRole.Member)?.ToString(), f.Decimal("annual_fee"),
                f.Text("currency") ?? "EUR", f.Date("renewal_on"), f.Text("contact_name"), f.Text("contact_email"), f.Text("working_groups"),
                f.Text("notes"), f.Bool("public", true));
            var existing = index.GetValueOrDefault(network?.Id ?? Guid.Empty);
            var errors = new Dictionary<string, string>();
            await membershipEditor.ValidateAsync(existing?.Id, input, errors, ct);
            if (Refused(f, errors, report.Errors) || report.Errors.Count > errorsBefore)
            {
                continue;
            }
            if (!seen.Add(network!.Id))
            {
                f.Fail("network", "importexport.error.duplicate", key);
                continue;
            }
            var membership = existing ?? new NetworkMembership { TenantId = tenant.Required.Id, NetworkId = network.Id };
            NetworkMembershipEditor.Apply(membership, input);
            if (existing is null)
            {
                db.Add(membership);
            }
            report.Items.Add(new ImportItem(RecordKind.Membership, record.Line, network.Acronym, Outcome(membership, existing is null, false)));
        }
    }

    private ImportOutcome Outcome(object entity, bool created, bool partsChanged)
    {
        if (created)
        {
            return ImportOutcome.Created;
        }
        var entry = db.Entry(entity);
        entry.DetectChanges();
        if (entry.State != EntityState.Modified && !partsChanged)
        {
            return ImportOutcome.Unchanged;
        }
        entry.Property("UpdatedAt").CurrentValue = DateTimeOffset.UtcNow;
        return ImportOutcome.Updated;
    }
}

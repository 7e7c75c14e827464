using System.Globalization;
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
public sealed class RegisterImporter(AppDbContext db, TenantContext tenant, Countries countries)
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

    private async Task<Dictionary<string, PartnerCity>> PlanCitiesAsync(ParsedFile file, ImportReport report, CancellationToken ct)
    {
        var index = (await db.Set<PartnerCity>().ToListAsync(ct))
            .GroupBy(c => CityKey(c.Name, c.CountryCode)).ToDictionary(g => g.Key, g => g.First());
        var seen = new HashSet<string>();
        foreach (var record in file.Records.Where(r => r.Kind == RecordKind.PartnerCity))
        {
            var errorsBefore = report.Errors.Count;
            var f = new FieldChecks(record, report.Errors);
            var name = f.Text("name", 200, required: true);
            var country = f.Text("country", 2, required: true)?.ToUpperInvariant();
            if (country is not null && !countries.IsKnown(country))
            {
                f.Fail("country", "importexport.error.unknown-country", country);
            }
            var nameFr = f.Text("name_fr", 200);
            var nameEn = f.Text("name_en", 200);
            var localName = f.Text("local_name", 200);
            var region = f.Text("region", 200);
            var population = f.Long("population", 0, 100_000_000_000);
            var populationYear = (int?)f.Long("population_year", 1000, 2200);
            var leaderTitle = f.Text("leader_title", 120);
            var leaderName = f.Text("leader_name", 200);
            var latitude = f.Double("latitude", -90, 90);
            var longitude = f.Double("longitude", -180, 180);
            var website = f.Url("website", 500);
            var notes = f.Text("notes", 4000);
            var isPublic = f.Bool("public", true);
            if (name is null || country is null)
            {
                continue;
            }
            var key = CityKey(name, country);
            if (!seen.Add(key))
            {
                f.Fail("name", "importexport.error.duplicate", $"{name} ({country})");
                continue;
            }
            if (report.Errors.Count > errorsBefore)
            {
                continue;
            }
            var existing = index.GetValueOrDefault(key);
            var city = existing ?? new PartnerCity { TenantId = tenant.Required.Id, Name = name, CountryCode = country };
            city.NameFr = nameFr;
            city.NameEn = nameEn;
            city.LocalName = localName;
            city.Region = region;
            city.Population = population;
            city.PopulationYear = populationYear;
            city.LeaderTitle = leaderTitle;
            city.LeaderName = leaderName;
            city.Latitude = latitude;
            city.Longitude = longitude;
            city.Website = website;
            city.Notes = notes;
            city.IsPublic = isPublic;
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
        var domains = await db.Set<CooperationDomain>().AsNoTracking().ToDictionaryAsync(d => d.Key, StringComparer.OrdinalIgnoreCase, ct);
        var index = (await db.Set<Agreement>().Include(a => a.Parties).Include(a => a.Domains).Include(a => a.Events).AsSplitQuery().ToListAsync(ct))
            .GroupBy(a => a.Title.Trim().ToUpperInvariant()).ToDictionary(g => g.Key, g => g.First());
        var seen = new HashSet<string>();
        foreach (var record in records)
        {
            var errorsBefore = report.Errors.Count;
            var f = new FieldChecks(record, report.Errors);
            var title = f.Text("title", 300, required: true);
            var kind = f.Enum<AgreementKind>("kind", null);
            var titleFr = f.Text("title_fr", 300);
            var titleEn = f.Text("title_en", 300);
            var (signedOn, signedPrecision) = f.PartialDate("signed_on");
            var signedAt = f.Text("signed_at", 200);
            var status = f.Enum<AgreementStatus>("status", AgreementStatus.Active);
            var nextReviewOn = f.Date("next_review_on");
            var summary = f.Text("summary", 4000);
            var summaryFr = f.Text("summary_fr", 4000);
            var summaryEn = f.Text("summary_en", 4000);
            var isPublic = f.Bool("public", true);
            if (OverCaps(record, f))
            {
                continue;
            }
            var partyIds = new List<Guid>();
            if (record.Partners.Count == 0 && record.Fields.GetValueOrDefault("partners") is null)
            {
                f.Fail("partners", "importexport.error.required");
            }
            foreach (var party in record.Partners)
            {
                if (cities.TryGetValue(CityKey(party.Name, party.Country), out var city))
                {
                    partyIds.Add(city.Id);
                }
                else
                {
                    f.Fail("partners", "importexport.error.unknown-partner", ImportFormat.FormatParty(party));
                }
            }
            var domainIds = new List<Guid>();
            foreach (var key in record.Domains)
            {
                if (domains.TryGetValue(key, out var domain))
                {
                    domainIds.Add(domain.Id);
                }
                else
                {
                    f.Fail("domains", "importexport.error.unknown-domain", key);
                }
            }
            var history = record.History.Select(h => History(h, f)).OfType<AgreementEvent>().ToList();
            if (title is null)
            {
                continue;
            }
            if (!seen.Add(title.Trim().ToUpperInvariant()))
            {
                f.Fail("title", "importexport.error.duplicate", title);
                continue;
            }
            if (report.Errors.Count > errorsBefore)
            {
                continue;
            }
            var existing = index.GetValueOrDefault(title.Trim().ToUpperInvariant());
            var agreement = existing ?? new Agreement { TenantId = tenant.Required.Id, Title = title };
            agreement.Kind = kind;
            agreement.TitleFr = titleFr;
            agreement.TitleEn = titleEn;
            agreement.SignedOn = signedOn;
            agreement.SignedPrecision = signedPrecision;
            agreement.SignedAt = signedAt;
            agreement.Status = status;
            agreement.NextReviewOn = nextReviewOn;
            agreement.Summary = summary;
            agreement.SummaryFr = summaryFr;
            agreement.SummaryEn = summaryEn;
            agreement.IsPublic = isPublic;
            if (existing is null)
            {
                db.Add(agreement);
            }
            var partsChanged = SyncParts(agreement, partyIds.Distinct().ToList(), domainIds.Distinct().ToList(), history);
            report.Items.Add(new ImportItem(RecordKind.Agreement, record.Line, title, Outcome(agreement, existing is null, partsChanged)));
        }
    }

    /// <summary>The caps of one agreement (<see cref="AgreementLimits"/>), as for the form and the API; true when one is passed.</summary>
    private static bool OverCaps(ImportRecord record, FieldChecks f)
    {
        var over = false;
        foreach (var (count, max, field, key) in new[]
        {
            (record.Partners.Count, AgreementLimits.MaxParties, "partners", "pub.error.too-many-parties"),
            (record.Domains.Count, AgreementLimits.MaxDomains, "domains", "pub.error.too-many-domains"),
            (record.History.Count, AgreementLimits.MaxHistoryEntries, "history", "pub.error.too-many-events"),
        })
        {
            if (count > max)
            {
                f.Fail(field, key);
                over = true;
            }
        }
        return over;
    }

    private static AgreementEvent? History(HistoryInput input, FieldChecks f)
    {
        if (input.Kind is null || !ImportFormat.TryParseSlug<AgreementEventKind>(input.Kind, out var kind))
        {
            f.Fail("history", "importexport.error.unknown-value", input.Kind, ImportFormat.Slugs<AgreementEventKind>());
            return null;
        }
        var (date, inferred) = input.Date switch
        {
            { Length: 4 } d when DateOnly.TryParseExact(d + "-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var y) => (y, DatePrecision.Year),
            { Length: 7 } d when DateOnly.TryParseExact(d + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) => (m, DatePrecision.Month),
            { } d when DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) => (day, DatePrecision.Day),
            _ => ((DateOnly?)null, DatePrecision.Day),
        };
        if (date is null)
        {
            f.Fail("history", "importexport.error.not-a-date", input.Date);
            return null;
        }
        var precision = inferred;
        if (input.Precision is not null && !ImportFormat.TryParseSlug(input.Precision, out precision))
        {
            f.Fail("history", "importexport.error.unknown-value", input.Precision, ImportFormat.Slugs<DatePrecision>());
            return null;
        }
        if (input.Notes is { Length: > 2000 })
        {
            f.Fail("history", "importexport.error.too-long", 2000);
            return null;
        }
        return new AgreementEvent { Kind = kind, OccurredOn = date.Value, Precision = precision, Notes = input.Notes };
    }

    /// <summary>Brings parties, domains and history to the file's; true if anything changed.</summary>
    private bool SyncParts(Agreement agreement, List<Guid> partyIds, List<Guid> domainIds, List<AgreementEvent> history)
    {
        var changed = false;
        var tenantId = agreement.TenantId;
        foreach (var party in agreement.Parties.Where(p => !partyIds.Contains(p.PartnerCityId)).ToList())
        {
            db.Remove(party);
            changed = true;
        }
        foreach (var id in partyIds.Where(id => agreement.Parties.All(p => p.PartnerCityId != id)).ToList())
        {
            agreement.Parties.Add(new AgreementParty { TenantId = tenantId, AgreementId = agreement.Id, PartnerCityId = id });
            changed = true;
        }
        foreach (var domain in agreement.Domains.Where(d => !domainIds.Contains(d.DomainId)).ToList())
        {
            db.Remove(domain);
            changed = true;
        }
        foreach (var id in domainIds.Where(id => agreement.Domains.All(d => d.DomainId != id)).ToList())
        {
            agreement.Domains.Add(new AgreementDomain { TenantId = tenantId, AgreementId = agreement.Id, DomainId = id });
            changed = true;
        }
        static string Signature(IEnumerable<AgreementEvent> events) =>
            string.Join("\n", events.Select(e => $"{e.Kind}:{e.OccurredOn:O}:{e.Precision}:{e.Notes}").Order(StringComparer.Ordinal));
        if (Signature(agreement.Events) != Signature(history))
        {
            foreach (var old in agreement.Events.ToList())
            {
                db.Remove(old);
            }
            foreach (var entry in history)
            {
                entry.TenantId = tenantId;
                entry.AgreementId = agreement.Id;
                agreement.Events.Add(entry);
            }
            changed = true;
        }
        return changed;
    }

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
            var key = f.Text("network", 60, required: true);
            Network? network = null;
            if (key is not null && !networks.TryGetValue(key, out network))
            {
                f.Fail("network", "importexport.error.unknown-network", key);
            }
            var role = f.Enum<MembershipRole>("role", MembershipRole.Member);
            var since = (int?)f.Long("since_year", 1800, 2200);
            var fee = f.Decimal("annual_fee", 0, 1_000_000_000);
            var currency = f.Text("currency", 3)?.ToUpperInvariant() ?? "EUR";
            if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            {
                f.Fail("currency", "importexport.error.bad-currency", currency);
            }
            var renewalOn = f.Date("renewal_on");
            var contactName = f.Text("contact_name", 200);
            var contactEmail = f.Email("contact_email", 320);
            var workingGroups = f.Text("working_groups", 1000);
            var notes = f.Text("notes", 4000);
            var isPublic = f.Bool("public", true);
            if (network is null)
            {
                continue;
            }
            if (!seen.Add(network.Id))
            {
                f.Fail("network", "importexport.error.duplicate", key);
                continue;
            }
            if (report.Errors.Count > errorsBefore)
            {
                continue;
            }
            var existing = index.GetValueOrDefault(network.Id);
            var membership = existing ?? new NetworkMembership { TenantId = tenant.Required.Id, NetworkId = network.Id };
            membership.Role = role;
            membership.SinceYear = since;
            membership.AnnualFee = fee;
            membership.Currency = currency;
            membership.RenewalOn = renewalOn;
            membership.ContactName = contactName;
            membership.ContactEmail = contactEmail;
            membership.WorkingGroups = workingGroups;
            membership.Notes = notes;
            membership.IsPublic = isPublic;
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

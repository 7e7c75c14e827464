using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Register.Agreements;

/// <summary>What staff (form or API) give to create or change an agreement. Kind and status are names of their enums.</summary>
public sealed class AgreementInput
{
    public string? Kind { get; set; }
    public string? Title { get; set; }
    /// <summary>The title in French / in English when the town writes it in both (see <see cref="Agreement.TitleFr"/>).</summary>
    public string? TitleFr { get; set; }
    public string? TitleEn { get; set; }
    public List<Guid> PartyIds { get; set; } = [];
    public DateOnly? SignedOn { get; set; }
    /// <summary>How precise <see cref="SignedOn"/> is: Day (default), Month or Year.</summary>
    public string? SignedPrecision { get; set; }
    public string? SignedAt { get; set; }
    public string? DecisionReference { get; set; }
    public string? Status { get; set; }
    public DateOnly? NextReviewOn { get; set; }
    public Guid? ResponsibleUserId { get; set; }
    /// <summary>Keys of this tenant's cooperation domains ("culture", "water").</summary>
    public List<string> DomainKeys { get; set; } = [];
    public bool IsPublic { get; set; } = true;
    public string? Summary { get; set; }
    public string? SummaryFr { get; set; }
    public string? SummaryEn { get; set; }
    public List<AgreementEventInput> Events { get; set; } = [];

    public static AgreementInput From(Agreement a) => new()
    {
        Kind = a.Kind.ToString(), Title = a.Title, PartyIds = a.Parties.Select(p => p.PartnerCityId).ToList(), SignedOn = a.SignedOn,
        SignedPrecision = a.SignedPrecision.ToString(), TitleFr = a.TitleFr, TitleEn = a.TitleEn, SummaryFr = a.SummaryFr, SummaryEn = a.SummaryEn,
        SignedAt = a.SignedAt, DecisionReference = a.DecisionReference, Status = a.Status.ToString(), NextReviewOn = a.NextReviewOn, ResponsibleUserId = a.ResponsibleUserId,
        DomainKeys = a.Domains.Where(d => d.Domain is not null).Select(d => d.Domain!.Key).ToList(), IsPublic = a.IsPublic, Summary = a.Summary,
        Events = a.Events.OrderBy(e => e.OccurredOn).Select(e => new AgreementEventInput
        {
            Id = e.Id, Kind = e.Kind.ToString(), OccurredOn = e.OccurredOn, Precision = e.Precision.ToString(), Notes = e.Notes,
        }).ToList(),
    };
}

/// <summary>One history entry (a renewal, an update): kind, date, how precise the date is, notes.</summary>
public sealed class AgreementEventInput
{
    public Guid? Id { get; set; }
    public string? Kind { get; set; }
    public DateOnly? OccurredOn { get; set; }
    public string? Precision { get; set; }
    public string? Notes { get; set; }
}

/// <summary>
/// Creates, changes and deletes the current tenant's agreements, their history and documents: every rule
/// in one place, for the pages and the API. Changes are recorded in the audit trail by the DbContext.
/// </summary>
public sealed class AgreementEditor(AppDbContext db, TimeProvider clock, AuditActor actor)
{
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    public Task<Agreement?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<Agreement>()
            .Include(a => a.Parties).ThenInclude(p => p.PartnerCity)
            .Include(a => a.Domains).ThenInclude(d => d.Domain)
            .Include(a => a.Events)
            .Include(a => a.Responsible)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id, ct);

    public async Task<EditorResult> SaveAsync(Guid? id, AgreementInput input, CancellationToken ct)
    {
        var agreement = id is { } existing ? await FindAsync(existing, ct) : null;
        if (id is not null && agreement is null)
        {
            return EditorResult.Missing;
        }
        var (errors, domains) = await ValidateAsync(input, ct);
        if (errors.Count > 0)
        {
            return EditorResult.Invalid(id, errors);
        }
        if (agreement is null)
        {
            agreement = new Agreement { Title = string.Empty };
            db.Add(agreement);
        }
        Apply(agreement, input, domains);
        agreement.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return EditorResult.Ok(agreement.Id);
    }

    /// <summary>
    /// Writes a valid input (see <see cref="ValidateAsync"/>, which gives the domains) onto an agreement, its parties, domains
    /// and history (entries are kept by id, the others removed); the caller saves. The one mapping of the form, the API and the import.
    /// </summary>
    internal static void Apply(Agreement agreement, AgreementInput input, List<CooperationDomain> domains)
    {
        agreement.Kind = Enum.Parse<AgreementKind>(input.Kind!.Trim(), ignoreCase: true);
        agreement.Title = input.Title!.Trim();
        agreement.TitleFr = PartnerCityEditor.Clean(input.TitleFr);
        agreement.TitleEn = PartnerCityEditor.Clean(input.TitleEn);
        agreement.SignedPrecision = ParsePrecision(input.SignedPrecision);
        agreement.SignedOn = input.SignedOn is { } signedOn ? Truncate(signedOn, agreement.SignedPrecision) : null;
        agreement.SignedAt = PartnerCityEditor.Clean(input.SignedAt);
        agreement.DecisionReference = PartnerCityEditor.Clean(input.DecisionReference);
        agreement.Status = Enum.Parse<AgreementStatus>(input.Status!.Trim(), ignoreCase: true);
        agreement.NextReviewOn = input.NextReviewOn;
        agreement.ResponsibleUserId = input.ResponsibleUserId;
        agreement.IsPublic = input.IsPublic;
        agreement.Summary = PartnerCityEditor.Clean(input.Summary);
        agreement.SummaryFr = PartnerCityEditor.Clean(input.SummaryFr);
        agreement.SummaryEn = PartnerCityEditor.Clean(input.SummaryEn);

        var parties = input.PartyIds.Distinct().ToList();
        agreement.Parties.RemoveAll(p => !parties.Contains(p.PartnerCityId));
        agreement.Parties.AddRange(parties.Where(c => agreement.Parties.All(p => p.PartnerCityId != c))
            .Select(c => new AgreementParty { AgreementId = agreement.Id, PartnerCityId = c }));

        var domainIds = domains.Select(d => d.Id).ToList();
        agreement.Domains.RemoveAll(d => !domainIds.Contains(d.DomainId));
        agreement.Domains.AddRange(domainIds.Where(d => agreement.Domains.All(x => x.DomainId != d))
            .Select(d => new AgreementDomain { AgreementId = agreement.Id, DomainId = d }));

        var kept = input.Events.Where(e => e.Id is not null).Select(e => e.Id!.Value).ToHashSet();
        agreement.Events.RemoveAll(e => !kept.Contains(e.Id));
        foreach (var e in input.Events)
        {
            var entry = e.Id is { } eventId ? agreement.Events.FirstOrDefault(x => x.Id == eventId) : null;
            if (entry is null)
            {
                entry = new AgreementEvent { AgreementId = agreement.Id };
                agreement.Events.Add(entry);
            }
            entry.Kind = Enum.Parse<AgreementEventKind>(e.Kind!.Trim(), ignoreCase: true);
            entry.OccurredOn = e.OccurredOn!.Value;
            entry.Precision = string.IsNullOrWhiteSpace(e.Precision) ? DatePrecision.Day : Enum.Parse<DatePrecision>(e.Precision.Trim(), ignoreCase: true);
            entry.Notes = PartnerCityEditor.Clean(e.Notes);
        }
    }

    /// <summary>
    /// Deletes an agreement with its history, parties, domains and documents in set-based statements (however many
    /// there are), in one transaction: the audit trail records the agreement's deletion and how many of each child
    /// went with it, and the town's public pages are invalidated (<see cref="AppDbContext.SetBasedAsync"/>).
    /// </summary>
    public async Task<EditorResult> DeleteAsync(Guid id, CancellationToken ct)
    {
        var agreement = await db.Set<Agreement>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null)
        {
            return EditorResult.Missing;
        }
        await db.SetBasedAsync(async token =>
        {
            var counts = new Dictionary<string, int>
            {
                [nameof(AgreementEvent)] = await db.Set<AgreementEvent>().Where(e => e.AgreementId == id).ExecuteDeleteAsync(token),
                [nameof(AgreementParty)] = await db.Set<AgreementParty>().Where(p => p.AgreementId == id).ExecuteDeleteAsync(token),
                [nameof(AgreementDomain)] = await db.Set<AgreementDomain>().Where(d => d.AgreementId == id).ExecuteDeleteAsync(token),
                [nameof(AgreementDocument)] = await db.Set<AgreementDocument>().Where(d => d.AgreementId == id).ExecuteDeleteAsync(token),
            };
            foreach (var (entity, count) in counts.Where(c => c.Value > 0))
            {
                db.Add(new AuditEntry
                {
                    TenantId = agreement.TenantId, ActorId = actor.Id, ActorName = actor.Name, At = clock.GetUtcNow(),
                    SubjectType = nameof(Agreement), SubjectId = id, EntityType = entity, Action = "Deleted",
                    Changes = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?[]> { ["Count"] = [count, null] }),
                });
            }
            db.Remove(agreement); // recorded in the audit trail by the context, as any deletion
        }, ct);
        return EditorResult.Ok(id);
    }

    public async Task<(Dictionary<string, string> Errors, List<CooperationDomain> Domains)> ValidateAsync(AgreementInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // The caps first: an oversized request is refused before any of its children is looked at.
        if (input.PartyIds.Count > AgreementLimits.MaxParties)
        {
            errors[nameof(input.PartyIds)] = "pub.error.too-many-parties";
        }
        if (input.DomainKeys.Count > AgreementLimits.MaxDomains)
        {
            errors[nameof(input.DomainKeys)] = "pub.error.too-many-domains";
        }
        if (input.Events.Count > AgreementLimits.MaxHistoryEntries)
        {
            errors[nameof(input.Events)] = "pub.error.too-many-events";
        }
        if (errors.Count > 0)
        {
            return (errors, []);
        }
        if (!IsName<AgreementKind>(input.Kind))
        {
            errors[nameof(input.Kind)] = "agreements.error.kind";
        }
        PartnerCityEditor.Text(errors, nameof(input.Title), input.Title, 300, required: true);
        if (input.Title?.Trim().Length > 300)
        {
            errors[nameof(input.Title)] = "agreements.error.too-long-300";
        }
        var parties = input.PartyIds.Distinct().ToList();
        if (parties.Count == 0)
        {
            errors[nameof(input.PartyIds)] = "agreements.error.parties-required";
        }
        else if (await CountKnownCitiesAsync(parties, ct) != parties.Count)
        {
            errors[nameof(input.PartyIds)] = "agreements.error.parties-unknown";
        }
        PartnerCityEditor.Text(errors, nameof(input.TitleFr), input.TitleFr, 300);
        PartnerCityEditor.Text(errors, nameof(input.TitleEn), input.TitleEn, 300);
        if (input.TitleFr?.Trim().Length > 300)
        {
            errors[nameof(input.TitleFr)] = "agreements.error.too-long-300";
        }
        if (input.TitleEn?.Trim().Length > 300)
        {
            errors[nameof(input.TitleEn)] = "agreements.error.too-long-300";
        }
        if (!string.IsNullOrWhiteSpace(input.SignedPrecision) && !IsName<DatePrecision>(input.SignedPrecision))
        {
            errors[nameof(input.SignedPrecision)] = "agreements.error.precision";
        }
        if (input.SignedOn is { } signed && (signed < EarliestDate || signed > today.AddYears(1)))
        {
            errors[nameof(input.SignedOn)] = "agreements.error.signed-on";
        }
        PartnerCityEditor.Text(errors, nameof(input.SignedAt), input.SignedAt, 200);
        PartnerCityEditor.Text(errors, nameof(input.DecisionReference), input.DecisionReference, 200);
        if (!IsName<AgreementStatus>(input.Status))
        {
            errors[nameof(input.Status)] = "agreements.error.status";
        }
        if (input.NextReviewOn is { } review)
        {
            if (review < EarliestDate || review > today.AddYears(100))
            {
                errors[nameof(input.NextReviewOn)] = "agreements.error.date-range";
            }
            else if (input.SignedOn is { } s && review < s)
            {
                errors[nameof(input.NextReviewOn)] = "agreements.error.review-before-signing";
            }
        }
        if (input.ResponsibleUserId is { } responsible && !await db.Set<TenantMembership>().AnyAsync(m => m.UserId == responsible, ct))
        {
            errors[nameof(input.ResponsibleUserId)] = "agreements.error.responsible";
        }
        var keys = input.DomainKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct().ToList();
        var domains = keys.Any(TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharacters) ? [] // never a key; PostgreSQL refuses NUL
            : await db.Set<CooperationDomain>().Where(d => keys.Contains(d.Key)).ToListAsync(ct);
        if (domains.Count != keys.Count)
        {
            errors[nameof(input.DomainKeys)] = "agreements.error.domains-unknown";
        }
        PartnerCityEditor.Text(errors, nameof(input.Summary), input.Summary, 4000);
        PartnerCityEditor.Text(errors, nameof(input.SummaryFr), input.SummaryFr, 4000);
        PartnerCityEditor.Text(errors, nameof(input.SummaryEn), input.SummaryEn, 4000);
        for (var i = 0; i < input.Events.Count; i++)
        {
            var e = input.Events[i];
            var prefix = $"Events[{i}].";
            if (!IsName<AgreementEventKind>(e.Kind))
            {
                errors[prefix + nameof(e.Kind)] = "agreements.error.event-kind";
            }
            if (e.OccurredOn is not { } on)
            {
                errors[prefix + nameof(e.OccurredOn)] = "agreements.error.event-date";
            }
            else if (on < EarliestDate || on > today.AddYears(100))
            {
                errors[prefix + nameof(e.OccurredOn)] = "agreements.error.date-range";
            }
            if (!string.IsNullOrWhiteSpace(e.Precision) && !IsName<DatePrecision>(e.Precision))
            {
                errors[prefix + nameof(e.Precision)] = "agreements.error.precision";
            }
            PartnerCityEditor.Text(errors, prefix + nameof(e.Notes), e.Notes, 2000);
        }
        return (errors, domains);
    }

    /// <summary>
    /// How many of these cities are the town's: stored, or added in this unit of work and not saved yet (an import
    /// creates a partner city and an agreement with it in one transaction).
    /// </summary>
    private async Task<int> CountKnownCitiesAsync(List<Guid> ids, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<PartnerCity>().Where(e => e.State == EntityState.Added && ids.Contains(e.Entity.Id)).Select(e => e.Entity.Id).ToHashSet();
        var stored = ids.Where(id => !added.Contains(id)).ToList();
        return added.Count + (stored.Count == 0 ? 0 : await db.Set<PartnerCity>().CountAsync(c => stored.Contains(c.Id), ct));
    }

    // ---- documents -------------------------------------------------------------------------------

    /// <summary>Stores an uploaded document: PDF, PNG or JPEG by its first bytes (never by its name), at most <see cref="AgreementDocument.MaxBytes"/>.</summary>
    public async Task<EditorResult> AddDocumentAsync(Guid agreementId, string? fileName, byte[]? content, bool tooLarge, CancellationToken ct)
    {
        if (!await db.Set<Agreement>().AnyAsync(a => a.Id == agreementId, ct))
        {
            return EditorResult.Missing;
        }
        string? error = null;
        string? type = null;
        if (await db.Set<AgreementDocument>().CountAsync(d => d.AgreementId == agreementId, ct) >= AgreementLimits.MaxDocuments)
        {
            error = "pub.error.too-many-documents";
        }
        else if (content is null || (content.Length == 0 && !tooLarge))
        {
            error = "agreements.document.error.missing";
        }
        else if (tooLarge || content.Length > AgreementDocument.MaxBytes)
        {
            error = "agreements.document.error.size";
        }
        else if ((type = ContentTypeOf(content)) is null)
        {
            error = "agreements.document.error.type";
        }
        if (error is not null)
        {
            return EditorResult.Invalid(agreementId, new Dictionary<string, string> { ["Document"] = error });
        }
        var name = new string(Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            name = "document";
        }
        if (name.Length > 255)
        {
            name = name[^255..];
        }
        var document = new AgreementDocument
        {
            AgreementId = agreementId, FileName = name, ContentType = type!, Content = content!, Length = content!.Length,
            UploadedAt = clock.GetUtcNow(), UploadedBy = actor.Id,
        };
        db.Add(document);
        await db.SaveChangesAsync(ct);
        return EditorResult.Ok(document.Id);
    }

    public async Task<EditorResult> DeleteDocumentAsync(Guid agreementId, Guid documentId, CancellationToken ct)
    {
        var document = await db.Set<AgreementDocument>().FirstOrDefaultAsync(d => d.AgreementId == agreementId && d.Id == documentId, ct);
        if (document is null)
        {
            return EditorResult.Missing;
        }
        db.Remove(document);
        await db.SaveChangesAsync(ct);
        return EditorResult.Ok(documentId);
    }

    /// <summary>The document type by its first bytes: PDF, PNG or JPEG; null for anything else.</summary>
    public static string? ContentTypeOf(byte[] content) => content switch
    {
        [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "application/pdf",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        _ => null,
    };

    /// <summary>A precision's name (Day when empty).</summary>
    public static DatePrecision ParsePrecision(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DatePrecision.Day : Enum.Parse<DatePrecision>(value.Trim(), ignoreCase: true);

    /// <summary>A date as far as it is known: the first of its month or year ("1962" is kept as 1962-01-01).</summary>
    public static DateOnly Truncate(DateOnly date, DatePrecision precision) => precision switch
    {
        DatePrecision.Year => new DateOnly(date.Year, 1, 1),
        DatePrecision.Month => new DateOnly(date.Year, date.Month, 1),
        _ => date,
    };

    private static bool IsName<T>(string? value) where T : struct, Enum =>
        !string.IsNullOrWhiteSpace(value) && !int.TryParse(value, out _) && Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed);
}

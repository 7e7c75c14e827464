using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Events;

/// <summary>What a federation's staff type for an event.</summary>
public sealed class EventForm
{
    public string? TitleFr { get; set; }
    public string? TitleEn { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string? Place { get; set; }
    public string? CountryCode { get; set; } = "FR";
    public string? ProgrammeFr { get; set; }
    public string? ProgrammeEn { get; set; }
    public bool IsPublished { get; set; }
    public bool RegistrationOpen { get; set; }
    public DateOnly? RegistrationClosesOn { get; set; }
    public int MaxDelegatesPerTown { get; set; } = 5;

    public static EventForm From(FederationEvent e) => new()
    {
        TitleFr = e.TitleFr, TitleEn = e.TitleEn, StartsOn = e.StartsOn, EndsOn = e.EndsOn, Place = e.Place, CountryCode = e.CountryCode,
        ProgrammeFr = e.ProgrammeFr, ProgrammeEn = e.ProgrammeEn, IsPublished = e.IsPublished, RegistrationOpen = e.RegistrationOpen,
        RegistrationClosesOn = e.RegistrationClosesOn, MaxDelegatesPerTown = e.MaxDelegatesPerTown,
    };

    /// <summary>The form's errors (field → text key); none: the values are applied to <paramref name="target"/>.</summary>
    public Dictionary<string, string> ApplyTo(FederationEvent target, TwinningCloud.Web.Features.Register.PartnerCities.Countries countries)
    {
        var errors = ControlCharacterErrors();
        if (errors.Count > 0)
        {
            return errors;
        }
        var titleFr = SingleLine(TitleFr);
        var titleEn = SingleLine(TitleEn);
        var place = SingleLine(Place);
        if (titleFr.Length == 0)
        {
            errors["TitleFr"] = "events.error.title-required";
        }
        else if (titleFr.Length > FederationEvent.MaxTitle || titleEn.Length > FederationEvent.MaxTitle)
        {
            errors["TitleFr"] = "events.error.title-long";
        }
        if (StartsOn is null)
        {
            errors["StartsOn"] = "events.error.starts-required";
        }
        if (EndsOn is { } ends && StartsOn is { } starts && ends < starts)
        {
            errors["EndsOn"] = "events.error.ends-before";
        }
        if (place.Length == 0 || place.Length > FederationEvent.MaxPlace)
        {
            errors["Place"] = "events.error.place-required";
        }
        var country = (CountryCode ?? string.Empty).Trim().ToUpperInvariant();
        if (!countries.IsKnown(country))
        {
            errors["CountryCode"] = "events.error.country";
        }
        if ((ProgrammeFr?.Length ?? 0) > FederationEvent.MaxProgramme || (ProgrammeEn?.Length ?? 0) > FederationEvent.MaxProgramme)
        {
            errors["ProgrammeFr"] = "events.error.programme-long";
        }
        if (MaxDelegatesPerTown is < 1 or > FederationEvent.MaxDelegatesCeiling)
        {
            errors["MaxDelegatesPerTown"] = "events.error.max-delegates";
        }
        if (RegistrationClosesOn is { } closes && (EndsOn ?? StartsOn) is { } last && closes > last)
        {
            errors["RegistrationClosesOn"] = "events.error.closes-after";
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        target.TitleFr = titleFr;
        target.TitleEn = titleEn.Length == 0 ? null : titleEn;
        target.StartsOn = StartsOn!.Value;
        target.EndsOn = EndsOn ?? StartsOn.Value;
        target.Place = place;
        target.CountryCode = country;
        target.ProgrammeFr = string.IsNullOrWhiteSpace(ProgrammeFr) ? null : ProgrammeFr.Trim();
        target.ProgrammeEn = string.IsNullOrWhiteSpace(ProgrammeEn) ? null : ProgrammeEn.Trim();
        target.IsPublished = IsPublished;
        target.RegistrationOpen = RegistrationOpen;
        target.RegistrationClosesOn = RegistrationClosesOn;
        target.MaxDelegatesPerTown = MaxDelegatesPerTown;
        return errors;
    }

    private static string SingleLine(string? value) => (value ?? string.Empty).Trim();

    /// <summary>Control characters (a line break in a title, a NUL…) refused field by field, before anything else.</summary>
    public Dictionary<string, string> ControlCharacterErrors()
    {
        var errors = new Dictionary<string, string>();
        foreach (var (field, value) in new[] { ("TitleFr", TitleFr), ("TitleEn", TitleEn), ("Place", Place) })
        {
            if (TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharacters(value))
            {
                errors[field] = "field.error.control-characters";
            }
        }
        foreach (var (field, value) in new[] { ("ProgrammeFr", ProgrammeFr), ("ProgrammeEn", ProgrammeEn) })
        {
            if (TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharactersBesidesLineBreaks(value))
            {
                errors[field] = "field.error.control-characters-multiline";
            }
        }
        return errors;
    }
}

/// <summary>One delegate as the federation's list shows it, with the town that registered them.</summary>
public sealed record DelegateLine(EventDelegate Delegate, TenantInfo? Town);

/// <summary>
/// A federation's events, from its own side (list, create, edit, the delegates of every town) and from a member town's
/// (the events it may register for; its own delegates). The federation reads the towns' delegates here only, lifting
/// the tenant filter for the one event it owns.
/// </summary>
public sealed class FederationEvents(AppDbContext db, TenantCatalog catalog, JobQueue jobs, TimeProvider clock)
{
    public const int PageSize = 100;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The federation's events (on the anonymous portal the public rule leaves the published ones).</summary>
    public Task<List<FederationEvent>> ListAsync(Guid federationId, CancellationToken ct) =>
        db.Set<FederationEvent>().AsNoTracking().Where(e => e.FederationId == federationId)
            .OrderByDescending(e => e.StartsOn).ThenBy(e => e.TitleFr).Take(FederationEvent.MaxPerFederation).ToListAsync(ct);

    public Task<FederationEvent?> FindAsync(Guid federationId, Guid id, CancellationToken ct) =>
        db.Set<FederationEvent>().FirstOrDefaultAsync(e => e.FederationId == federationId && e.Id == id, ct);

    /// <summary>Creates the event; null when the federation already has <see cref="FederationEvent.MaxPerFederation"/>.</summary>
    public async Task<FederationEvent?> CreateAsync(Federation federation, FederationEvent created, CancellationToken ct)
    {
        if (await db.Set<FederationEvent>().CountAsync(e => e.FederationId == federation.Id, ct) >= FederationEvent.MaxPerFederation)
        {
            return null;
        }
        created.FederationId = federation.Id;
        created.CreatedAt = created.UpdatedAt = clock.GetUtcNow();
        db.Add(created);
        await db.SaveChangesAsync(ct);
        return created;
    }

    public async Task SaveAsync(FederationEvent changed, CancellationToken ct)
    {
        changed.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The delegates of every town for one event of the federation (the one place that reads them across towns).</summary>
    public async Task<List<DelegateLine>> DelegatesAsync(FederationEvent ev, CancellationToken ct)
    {
        var rows = await db.Set<EventDelegate>().IgnoreQueryFilters([AppDbContext.TenantFilter]).AsNoTracking()
            .Where(d => d.EventId == ev.Id).OrderBy(d => d.TenantId).ThenBy(d => d.RegisteredAt).ToListAsync(ct);
        var lines = new List<DelegateLine>(rows.Count);
        foreach (var row in rows)
        {
            lines.Add(new DelegateLine(row, await catalog.FindByIdAsync(row.TenantId, ct)));
        }
        return lines.OrderBy(l => l.Town?.DisplayName, StringComparer.CurrentCulture).ThenBy(l => l.Delegate.RegisteredAt).ToList();
    }

    /// <summary>How many delegates every town together registered for each of the federation's events.</summary>
    public async Task<Dictionary<Guid, int>> DelegateCountsAsync(Guid federationId, CancellationToken ct) =>
        (await db.Set<EventDelegate>().IgnoreQueryFilters([AppDbContext.TenantFilter])
            .Join(db.Set<FederationEvent>().Where(e => e.FederationId == federationId), d => d.EventId, e => e.Id, (d, e) => d.EventId)
            .GroupBy(id => id).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);

    /// <summary>The federations of which the town is an accepted member.</summary>
    public async Task<List<Federation>> FederationsOfAsync(Guid tenantId, CancellationToken ct) =>
        await db.Set<FederationMember>().Where(m => m.TenantId == tenantId && m.Status == MemberStatus.Accepted)
            .Join(db.Set<Federation>(), m => m.FederationId, f => f.Id, (m, f) => f).AsNoTracking().OrderBy(f => f.Name).ToListAsync(ct);

    /// <summary>The published events of the town's federations that have not ended, soonest first (at most <see cref="PageSize"/>).</summary>
    public async Task<List<(FederationEvent Event, Federation Federation)>> ForTownAsync(Guid tenantId, CancellationToken ct)
    {
        var federations = await FederationsOfAsync(tenantId, ct);
        var ids = federations.Select(f => f.Id).ToArray();
        var today = Today;
        var events = await db.Set<FederationEvent>().PubliclyVisible().AsNoTracking().Where(e => ids.Contains(e.FederationId) && e.EndsOn >= today)
            .OrderBy(e => e.StartsOn).Take(PageSize).ToListAsync(ct);
        return events.Select(e => (e, federations.First(f => f.Id == e.FederationId))).ToList();
    }

    /// <summary>A published event of one of the town's federations (another federation's, a draft or an unknown id: null).</summary>
    public async Task<(FederationEvent Event, Federation Federation)?> ForTownAsync(Guid tenantId, Guid eventId, CancellationToken ct)
    {
        var federations = await FederationsOfAsync(tenantId, ct);
        var ids = federations.Select(f => f.Id).ToArray();
        var ev = await db.Set<FederationEvent>().PubliclyVisible().AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId && ids.Contains(e.FederationId), ct);
        return ev is null ? null : (ev, federations.First(f => f.Id == ev.FederationId));
    }

    /// <summary>The current town's delegates for the event.</summary>
    public Task<List<EventDelegate>> OwnDelegatesAsync(Guid eventId, CancellationToken ct) =>
        db.Set<EventDelegate>().AsNoTracking().Where(d => d.EventId == eventId).OrderBy(d => d.RegisteredAt).ToListAsync(ct);

    /// <summary>How many delegates the current town registered, for each of <paramref name="eventIds"/>.</summary>
    public async Task<Dictionary<Guid, int>> OwnCountsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken ct) =>
        (await db.Set<EventDelegate>().Where(d => eventIds.Contains(d.EventId)).GroupBy(d => d.EventId)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);

    /// <summary>
    /// The current town registers a delegate (their confirmation mail is queued in the same transaction). The town's
    /// delegates are counted under the event row's lock, so two registrations at once never exceed the limit.
    /// Returns the error's text key, or null when registered.
    /// </summary>
    public async Task<string?> RegisterAsync(Guid eventId, string? name, string? email, string? function, Guid userId, CancellationToken ct)
    {
        var cleanName = (name ?? string.Empty).Trim();
        var cleanFunction = (function ?? string.Empty).Trim();
        var address = (email ?? string.Empty).Trim();
        if (cleanName.Length is 0 or > EventDelegate.MaxName || TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharacters(cleanName))
        {
            return "events.delegates.error.name";
        }
        if (!EmailAddresses.IsValid(address) || address.Length > 256)
        {
            return "events.delegates.error.email";
        }
        if (cleanFunction.Length > EventDelegate.MaxFunction || TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharacters(cleanFunction))
        {
            return "events.delegates.error.function";
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Set<FederationEvent>().Where(e => e.Id == eventId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.RegistrationsVersion, e => e.RegistrationsVersion + 1), ct);
        if (locked == 0)
        {
            return "events.delegates.error.closed";
        }
        var ev = await db.Set<FederationEvent>().AsNoTracking().FirstAsync(e => e.Id == eventId, ct);
        if (!ev.AcceptsRegistrationsOn(Today))
        {
            return "events.delegates.error.closed";
        }
        var own = await db.Set<EventDelegate>().Where(d => d.EventId == eventId).Select(d => d.Email).ToListAsync(ct);
        if (own.Any(e => string.Equals(e, address, StringComparison.OrdinalIgnoreCase)))
        {
            return "events.delegates.error.twice";
        }
        if (own.Count >= ev.MaxDelegatesPerTown)
        {
            return "events.delegates.error.full";
        }
        var registered = new EventDelegate
        {
            EventId = eventId, Name = cleanName, Email = address, Function = cleanFunction.Length == 0 ? null : cleanFunction,
            RegisteredBy = userId, RegisteredAt = clock.GetUtcNow(),
        };
        db.Add(registered);
        await db.SaveChangesAsync(ct);
        await jobs.EnqueueAsync(DelegateMail.Request(registered.Id), ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>The current town withdraws one of its delegates (another town's id: false).</summary>
    public async Task<bool> WithdrawAsync(Guid eventId, Guid delegateId, CancellationToken ct) =>
        await db.Set<EventDelegate>().Where(d => d.EventId == eventId && d.Id == delegateId).ExecuteDeleteAsync(ct) == 1;
}

using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Audit;

/// <summary>One change of a field as a person reads it: its label, the old and the new value in words.</summary>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>One recorded change of an item: when, who, what (in words), and its fields.</summary>
public sealed record AuditRow(DateTimeOffset At, string Actor, string What, IReadOnlyList<AuditChange> Changes);

public sealed record AuditTrailView(IReadOnlyList<AuditRow> Rows, TimeZoneInfo Zone);

/// <summary>
/// The audit trail of one audited item (an agreement with its parties, domains, history and documents, a
/// partner city, a network membership), in the reader's language: field labels, names instead of ids
/// (cities, domains, networks, people), enumerations and yes/no in words, dates as the pages write them.
/// Entries recorded before enumerations were stored by name (numbers) read the same.
/// <c>@await Component.InvokeAsync("AuditTrail", new { subjectId })</c>.
/// </summary>
public sealed class AuditTrailViewComponent(AppDbContext db, Texts T, TenantContext tenant) : ViewComponent
{
    public const int MaxRows = 200;

    private enum Kind { Text, Enum, Bool, Date, City, Domain, Network, Person, Size, Hidden }

    private sealed record FieldInfo(Kind Kind, Type? EnumType = null, string? EnumKeys = null);

    /// <summary>How each field of the audited entities is shown (a field not listed shows as text under its own name).</summary>
    private static readonly Dictionary<(string Entity, string Field), FieldInfo> Fields = new()
    {
        [("Agreement", "Kind")] = new(Kind.Enum, typeof(AgreementKind), "agreements.kind."),
        [("Agreement", "Status")] = new(Kind.Enum, typeof(AgreementStatus), "agreements.status."),
        [("Agreement", "SignedPrecision")] = new(Kind.Enum, typeof(DatePrecision), "agreements.precision."),
        [("Agreement", "SignedOn")] = new(Kind.Date),
        [("Agreement", "NextReviewOn")] = new(Kind.Date),
        [("Agreement", "IsPublic")] = new(Kind.Bool),
        [("Agreement", "ResponsibleUserId")] = new(Kind.Person),
        [("AgreementParty", "PartnerCityId")] = new(Kind.City),
        [("AgreementDomain", "DomainId")] = new(Kind.Domain),
        [("AgreementEvent", "Kind")] = new(Kind.Enum, typeof(AgreementEventKind), "agreements.event-kind."),
        [("AgreementEvent", "Precision")] = new(Kind.Enum, typeof(DatePrecision), "agreements.precision."),
        [("AgreementEvent", "OccurredOn")] = new(Kind.Date),
        [("AgreementDocument", "Length")] = new(Kind.Size),
        [("AgreementDocument", "UploadedBy")] = new(Kind.Person),
        [("AgreementDocument", "UploadedAt")] = new(Kind.Hidden),
        [("PartnerCity", "IsPublic")] = new(Kind.Bool),
        [("NetworkMembership", "NetworkId")] = new(Kind.Network),
        [("NetworkMembership", "Role")] = new(Kind.Enum, typeof(MembershipRole), "networks.role."),
        [("NetworkMembership", "RenewalOn")] = new(Kind.Date),
        [("NetworkMembership", "IsPublic")] = new(Kind.Bool),
    };

    private static readonly HashSet<string> AlwaysHidden = ["Id", "TenantId", "AgreementId", "Content", "CreatedAt", "UpdatedAt"];

    public async Task<IViewComponentResult> InvokeAsync(Guid subjectId)
    {
        var ct = HttpContext.RequestAborted;
        var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.SubjectId == subjectId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxRows).ToListAsync(ct);
        var parsed = entries.Select(e => (Entry: e, Changes: Read(e.Changes))).ToList();

        var ids = parsed.SelectMany(p => p.Changes.Select(c => (p.Entry.EntityType, c.Key, c.Value)))
            .Where(c => Fields.TryGetValue((c.EntityType, c.Key), out var f) && f.Kind is Kind.City or Kind.Domain or Kind.Network or Kind.Person)
            .SelectMany(c => c.Value).Where(v => v.ValueKind == JsonValueKind.String && Guid.TryParse(v.GetString(), out _))
            .Select(v => Guid.Parse(v.GetString()!)).Distinct().ToList();
        var town = ContentLanguage.Town(tenant);
        var language = ContentLanguage.Reader;
        var names = new Dictionary<Guid, string>();
        if (ids.Count > 0)
        {
            foreach (var c in await db.Set<PartnerCity>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct))
            {
                names[c.Id] = ContentLanguage.Pick(c.Name, c.NameFr, c.NameEn, town).Text;
            }
            foreach (var d in await db.Set<CooperationDomain>().AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct))
            {
                names[d.Id] = d.NameIn(language);
            }
            foreach (var n in await db.Set<Network>().AsNoTracking().Where(n => ids.Contains(n.Id)).ToListAsync(ct))
            {
                names[n.Id] = n.Acronym;
            }
            foreach (var u in await db.Set<AppUser>().AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct))
            {
                names[u.Id] = u.DisplayName ?? u.Email ?? u.Id.ToString();
            }
        }

        var rows = parsed.Select(p => new AuditRow(p.Entry.At, p.Entry.ActorName,
            T["audit.action." + p.Entry.Action, EntityName(p.Entry.EntityType)],
            p.Changes.Where(c => !AlwaysHidden.Contains(c.Key) && !(Fields.TryGetValue((p.Entry.EntityType, c.Key), out var f) && f.Kind == Kind.Hidden))
                .Select(c => new AuditChange(Label(p.Entry.EntityType, c.Key),
                    Show(p.Entry.EntityType, c.Key, c.Value.ElementAtOrDefault(0), names),
                    Show(p.Entry.EntityType, c.Key, c.Value.ElementAtOrDefault(1), names)))
                .ToList())).ToList();
        return View("/Features/Audit/_AuditTrail.cshtml", new AuditTrailView(rows, tenant.Required.TimeZone));
    }

    private string EntityName(string entity) => Known("audit.entity." + entity) ?? entity;

    private string Label(string entity, string field) => Known($"audit.field.{entity}.{field}") ?? Known("audit.field." + field) ?? field;

    private string? Known(string key) => T[key] is { } text && !text.StartsWith('[') ? text : null;

    private string? Show(string entity, string field, JsonElement value, IReadOnlyDictionary<Guid, string> names)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }
        var raw = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (!Fields.TryGetValue((entity, field), out var info))
        {
            return raw;
        }
        switch (info.Kind)
        {
            case Kind.Enum:
                // Older entries hold the number, newer ones the name.
                object? member = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? Enum.ToObject(info.EnumType!, n)
                    : Enum.TryParse(info.EnumType!, raw, ignoreCase: true, out var parsed) ? parsed : null;
                return member is not null && Enum.IsDefined(info.EnumType!, member) ? T[info.EnumKeys + member] : raw;
            case Kind.Bool:
                return value.ValueKind == JsonValueKind.True ? T["audit.yes"] : value.ValueKind == JsonValueKind.False ? T["audit.no"] : raw;
            case Kind.Date:
                return DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? DisplayDates.Date(date) : raw;
            case Kind.Size:
                return value.TryGetInt64(out var bytes) ? T["agreements.documents.size", Math.Max(1, bytes / 1024)] : raw;
            case Kind.City or Kind.Domain or Kind.Network or Kind.Person:
                return Guid.TryParse(raw, out var id) ? names.GetValueOrDefault(id) ?? T["audit.deleted-item"] : raw;
            default:
                return raw;
        }
    }

    private static Dictionary<string, JsonElement[]> Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement[]>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Audit;

/// <summary>A tenant-owned entity whose changes are recorded in the audit trail (who changed what, when).</summary>
public interface IAudited
{
    Guid Id { get; }
}

/// <summary>A part of an audited entity (an agreement's party, domain, history entry, document): recorded under its owner.</summary>
public interface IAuditedPart
{
    Guid AuditSubjectId { get; }
}

/// <summary>One recorded change: who, when, which entity, what changed (old and new values, as JSON).</summary>
public sealed class AuditEntry : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    /// <summary>The audited entity the change belongs to (the agreement, for a change of one of its parties).</summary>
    public required string SubjectType { get; set; }
    public Guid SubjectId { get; set; }
    /// <summary>The entity that changed (Agreement, AgreementParty…).</summary>
    public required string EntityType { get; set; }
    public required string Action { get; set; }
    public required string Changes { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => new { e.TenantId, e.Id });
        b.HasIndex(e => new { e.TenantId, e.SubjectId, e.At });
        b.Property(e => e.ActorName).HasMaxLength(320);
        b.Property(e => e.SubjectType).HasMaxLength(60);
        b.Property(e => e.EntityType).HasMaxLength(60);
        b.Property(e => e.Action).HasMaxLength(16);
    }
}

/// <summary>Who is making the current change: the signed-in person, or the named system work (import, job).</summary>
public sealed class AuditActor(IHttpContextAccessor accessor)
{
    private (Guid? Id, string Name)? _override;

    public Guid? Id => _override?.Id ?? (Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null);

    public string Name => _override?.Name ?? accessor.HttpContext?.User.FindFirstValue(ClaimTypes.Email)
        ?? accessor.HttpContext?.User.Identity?.Name ?? "system";

    /// <summary>Names the actor of work without a signed-in person ("import", "demo", "reminders job").</summary>
    public void ActAs(Guid? id, string name) => _override = (id, name);
}

/// <summary>Turns the change tracker's pending changes into audit entries (called by the DbContext before saving).</summary>
internal static class AuditRecorder
{
    public static List<AuditEntry> Capture(ChangeTracker tracker, AuditActor? actor)
    {
        var entries = new List<AuditEntry>();
        foreach (var entry in tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            var (subjectType, subjectId) = entry.Entity switch
            {
                IAudited audited => (entry.Entity.GetType().Name, audited.Id),
                IAuditedPart part => (OwnerTypeOf(entry), part.AuditSubjectId),
                _ => (null, Guid.Empty),
            };
            if (subjectType is null || entry.Entity is not ITenantOwned owned)
            {
                continue;
            }
            var changes = new Dictionary<string, object?[]>();
            foreach (var property in entry.Properties.Where(p => p.Metadata.ClrType != typeof(byte[]) && p.Metadata.Name is not ("TenantId" or "UpdatedAt" or "CreatedAt")))
            {
                var before = entry.State == EntityState.Added ? null : property.OriginalValue;
                var after = entry.State == EntityState.Deleted ? null : property.CurrentValue;
                if (entry.State != EntityState.Modified || !Equals(before, after))
                {
                    changes[property.Metadata.Name] = [Recorded(before), Recorded(after)];
                }
            }
            if (entry.State == EntityState.Modified && changes.Count == 0)
            {
                continue;
            }
            entries.Add(new AuditEntry
            {
                TenantId = owned.TenantId,
                ActorId = actor?.Id,
                ActorName = actor?.Name ?? "system",
                SubjectType = subjectType,
                SubjectId = subjectId,
                EntityType = entry.Entity.GetType().Name,
                Action = entry.State.ToString(),
                Changes = JsonSerializer.Serialize(changes),
            });
        }
        return entries;
    }

    /// <summary>A value as recorded: enumerations by name ("Suspended"), never by number, so that a reordered enum keeps old entries readable.</summary>
    private static object? Recorded(object? value) => value is Enum e ? e.ToString() : value;

    private static string OwnerTypeOf(EntityEntry entry) =>
        entry.Metadata.GetForeignKeys().Select(fk => fk.PrincipalEntityType.ClrType).FirstOrDefault(t => typeof(IAudited).IsAssignableFrom(t))?.Name
        ?? entry.Entity.GetType().Name;
}

using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Portal.Events;

/// <summary>
/// An event of a federation (the Forum of Local and Regional Authorities of the Mediterranean…): dates, place, a
/// programme in Markdown (French and English), shown on the portal once published; member towns' staff register their
/// delegates while registration is open, at most <see cref="MaxDelegatesPerTown"/> per town. Owned by the federation.
/// </summary>
public sealed class FederationEvent : IPubliclyVisible<FederationEvent>
{
    public const int MaxTitle = 200;
    public const int MaxPlace = 200;
    public const int MaxProgramme = 20_000;
    /// <summary>Events a federation can have (a limit on the list).</summary>
    public const int MaxPerFederation = 500;
    /// <summary>The highest per-town limit a federation may set.</summary>
    public const int MaxDelegatesCeiling = 50;

    /// <summary>The one public rule: a published event is on the portal and shown to member towns; a draft only to the federation.</summary>
    public static Expression<Func<FederationEvent, bool>> PublicRule => e => e.IsPublished;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FederationId { get; set; }
    public required string TitleFr { get; set; }
    public string? TitleEn { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    /// <summary>The city where it takes place ("Marseille").</summary>
    public required string Place { get; set; }
    /// <summary>ISO 3166-1 alpha-2 code of the place's country.</summary>
    public string CountryCode { get; set; } = "FR";
    public string? ProgrammeFr { get; set; }
    public string? ProgrammeEn { get; set; }
    /// <summary>Shown on the public portal (a draft is seen by the federation's staff only).</summary>
    public bool IsPublished { get; set; }
    /// <summary>Member towns may register delegates (until <see cref="RegistrationClosesOn"/>, if set, and never after the event's end).</summary>
    public bool RegistrationOpen { get; set; }
    public DateOnly? RegistrationClosesOn { get; set; }
    public int MaxDelegatesPerTown { get; set; } = 5;
    /// <summary>Bumped under each registration: the row lock that counts a town's delegates one registration at a time.</summary>
    public int RegistrationsVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Whether towns may register on <paramref name="today"/> (the registration is open, not closed by date, the event not over).</summary>
    public bool AcceptsRegistrationsOn(DateOnly today) =>
        IsPublished && RegistrationOpen && today <= EndsOn && (RegistrationClosesOn is not { } closes || today <= closes);
}

/// <summary>
/// A delegate a member town registers for a federation's event: a person (name, email, function) of the town's
/// delegation. Owned by the town (the isolation rules apply); the federation reads the list of every town through
/// <see cref="EventRegistrations"/> only.
/// </summary>
public sealed class EventDelegate : ITenantOwned, IStaffOnlyData
{
    public const int MaxName = 200;
    public const int MaxFunction = 200;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EventId { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    /// <summary>The person's function in the delegation ("Adjointe au maire chargée des relations internationales").</summary>
    public string? Function { get; set; }
    public Guid? RegisteredBy { get; set; }
    public DateTimeOffset RegisteredAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ConfirmationSentAt { get; set; }
}

internal sealed class FederationEventConfiguration : IEntityTypeConfiguration<FederationEvent>
{
    public void Configure(EntityTypeBuilder<FederationEvent> b)
    {
        b.ToTable("federation_events");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.FederationId, e.StartsOn });
        b.Property(e => e.TitleFr).HasMaxLength(FederationEvent.MaxTitle);
        b.Property(e => e.TitleEn).HasMaxLength(FederationEvent.MaxTitle);
        b.Property(e => e.Place).HasMaxLength(FederationEvent.MaxPlace);
        b.Property(e => e.CountryCode).HasMaxLength(2);
        b.Property(e => e.ProgrammeFr).HasMaxLength(FederationEvent.MaxProgramme);
        b.Property(e => e.ProgrammeEn).HasMaxLength(FederationEvent.MaxProgramme);
        b.HasOne<Federation>().WithMany().HasForeignKey(e => e.FederationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EventDelegateConfiguration : IEntityTypeConfiguration<EventDelegate>
{
    public void Configure(EntityTypeBuilder<EventDelegate> b)
    {
        b.ToTable("federation_event_delegates");
        b.HasKey(d => new { d.TenantId, d.Id });
        b.HasIndex(d => new { d.TenantId, d.EventId, d.Email }).IsUnique();
        b.HasIndex(d => d.EventId);
        b.Property(d => d.Name).HasMaxLength(EventDelegate.MaxName);
        b.Property(d => d.Email).HasMaxLength(256);
        b.Property(d => d.Function).HasMaxLength(EventDelegate.MaxFunction);
        b.HasOne<FederationEvent>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TwinningCloud.Web.Platform.Tenancy.Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

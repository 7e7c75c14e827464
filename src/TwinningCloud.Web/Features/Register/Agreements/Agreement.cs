using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Register.Agreements;

public enum AgreementKind
{
    TwinningOath,
    CooperationAgreement,
    Charter,
    JointDeclaration,
    MultilateralAgreement,
    FriendshipPact,
    Other,
}

public enum AgreementStatus
{
    Draft,
    Active,
    Suspended,
    Ended,
}

/// <summary>
/// A twinning oath, cooperation agreement, charter… between the tenant's town and one or more partner
/// cities (the Marrakech–Marseille–Dakar agreement has two partners; the Barcelona–Genoa–Lyon–Marseille
/// charter three). Its history (renewals, updates) is in <see cref="Events"/>.
/// </summary>
public sealed class Agreement : ITenantOwned, IAudited, IPubliclyVisible<Agreement>
{
    /// <summary>
    /// What the public sees (pages, anonymous API, printable list and PDF, the federation directory): agreements
    /// marked public that are not drafts. Suspended and ended ones stay visible, marked as such.
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<Agreement, bool>> PublicRule =>
        a => a.IsPublic && a.Status != AgreementStatus.Draft;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public AgreementKind Kind { get; set; }
    /// <summary>The title in the town's main language (its default language when it was written); the matching key of imports.</summary>
    public required string Title { get; set; }
    /// <summary>The title in French and in English when it differs from <see cref="Title"/>'s language (see <c>ContentLanguage</c>).</summary>
    public string? TitleFr { get; set; }
    public string? TitleEn { get; set; }
    public DateOnly? SignedOn { get; set; }
    /// <summary>How precise <see cref="SignedOn"/> is: Bagnolet's twinnings are known by year ("1962").</summary>
    public DatePrecision SignedPrecision { get; set; } = DatePrecision.Day;
    /// <summary>Where it was signed ("à Marrakech").</summary>
    public string? SignedAt { get; set; }
    /// <summary>The council decision that approved it ("Délibération n° 2019-123").</summary>
    public string? DecisionReference { get; set; }
    public AgreementStatus Status { get; set; } = AgreementStatus.Active;
    public DateOnly? NextReviewOn { get; set; }
    public Guid? ResponsibleUserId { get; set; }
    public bool IsPublic { get; set; } = true;
    public string? Summary { get; set; }
    public string? SummaryFr { get; set; }
    public string? SummaryEn { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public List<AgreementParty> Parties { get; set; } = [];
    public List<AgreementEvent> Events { get; set; } = [];
    public List<AgreementDomain> Domains { get; set; } = [];
    public List<AgreementDocument> Documents { get; set; } = [];
    public AppUser? Responsible { get; set; }

    /// <summary>The title in the reader's language, else the main title (marked with the town's language).</summary>
    public LocalizedText DisplayTitle(string townLanguage) => ContentLanguage.Pick(Title, TitleFr, TitleEn, townLanguage);

    /// <summary>The summary in the reader's language, else the main one, else the other language's; null when there is none.</summary>
    public LocalizedText? DisplaySummary(string townLanguage) => ContentLanguage.PickOptional(Summary, SummaryFr, SummaryEn, townLanguage);
}

/// <summary>A partner city party to an agreement.</summary>
public sealed class AgreementParty : ITenantOwned, IAuditedPart
{
    Guid IAuditedPart.AuditSubjectId => AgreementId;

    public Guid TenantId { get; set; }
    public Guid AgreementId { get; set; }
    public Guid PartnerCityId { get; set; }
    public PartnerCity? PartnerCity { get; set; }
}

public enum AgreementEventKind
{
    Renewed,
    Updated,
    Amended,
    Suspended,
    Resumed,
    Ended,
    Other,
}

/// <summary>How precise a history date is: "réactualisé le 23 mai 1991" (day) or "actualisé en 2001" (year).</summary>
public enum DatePrecision
{
    Day,
    Month,
    Year,
}

/// <summary>One entry of an agreement's history: a renewal, an update… with its date and notes.</summary>
public sealed class AgreementEvent : ITenantOwned, IAuditedPart
{
    Guid IAuditedPart.AuditSubjectId => AgreementId;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AgreementId { get; set; }
    public AgreementEventKind Kind { get; set; }
    public DateOnly OccurredOn { get; set; }
    public DatePrecision Precision { get; set; } = DatePrecision.Day;
    public string? Notes { get; set; }
}

/// <summary>A domain of cooperation (culture, health, water…), in both languages; each tenant has its own list, seeded from the standard one.</summary>
public sealed class CooperationDomain : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Stable key ("culture", "water"), used by imports and filters.</summary>
    public required string Key { get; set; }
    public required string NameFr { get; set; }
    public required string NameEn { get; set; }

    public string NameIn(string culture) => culture == "en" ? NameEn : NameFr;
}

public sealed class AgreementDomain : ITenantOwned, IAuditedPart
{
    Guid IAuditedPart.AuditSubjectId => AgreementId;

    public Guid TenantId { get; set; }
    public Guid AgreementId { get; set; }
    public Guid DomainId { get; set; }
    public CooperationDomain? Domain { get; set; }
}

/// <summary>A document of an agreement (the signed PDF, a photo of the ceremony), stored in the database.</summary>
public sealed class AgreementDocument : ITenantOwned, IAuditedPart
{
    Guid IAuditedPart.AuditSubjectId => AgreementId;

    public const long MaxBytes = 10 * 1024 * 1024;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AgreementId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset UploadedAt { get; set; } = DateTimeOffset.UtcNow;
    public Guid? UploadedBy { get; set; }
}

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> b)
    {
        b.ToTable("agreements");
        b.HasKey(a => new { a.TenantId, a.Id });
        b.HasIndex(a => new { a.TenantId, a.NextReviewOn });
        b.HasIndex(a => new { a.TenantId, a.IsPublic, a.SignedOn });
        b.HasOne<TwinningCloud.Web.Platform.Tenancy.Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.TitleFr).HasMaxLength(300);
        b.Property(a => a.TitleEn).HasMaxLength(300);
        b.Property(a => a.SignedPrecision).HasConversion<string>().HasMaxLength(8).HasDefaultValue(DatePrecision.Day).HasSentinel((DatePrecision)(-1));
        b.Property(a => a.SignedAt).HasMaxLength(200);
        b.Property(a => a.DecisionReference).HasMaxLength(200);
        b.Property(a => a.Summary).HasMaxLength(4000);
        b.Property(a => a.SummaryFr).HasMaxLength(4000);
        b.Property(a => a.SummaryEn).HasMaxLength(4000);
        b.HasOne(a => a.Responsible).WithMany().HasForeignKey(a => a.ResponsibleUserId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(a => a.Parties).WithOne().HasForeignKey(p => new { p.TenantId, p.AgreementId }).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Events).WithOne().HasForeignKey(e => new { e.TenantId, e.AgreementId }).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Domains).WithOne().HasForeignKey(d => new { d.TenantId, d.AgreementId }).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Documents).WithOne().HasForeignKey(d => new { d.TenantId, d.AgreementId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgreementPartyConfiguration : IEntityTypeConfiguration<AgreementParty>
{
    public void Configure(EntityTypeBuilder<AgreementParty> b)
    {
        b.ToTable("agreement_parties");
        b.HasKey(p => new { p.TenantId, p.AgreementId, p.PartnerCityId });
        b.HasOne(p => p.PartnerCity).WithMany().HasForeignKey(p => new { p.TenantId, p.PartnerCityId }).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgreementEventConfiguration : IEntityTypeConfiguration<AgreementEvent>
{
    public void Configure(EntityTypeBuilder<AgreementEvent> b)
    {
        b.ToTable("agreement_events");
        b.HasKey(e => new { e.TenantId, e.Id });
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Precision).HasConversion<string>().HasMaxLength(8);
        b.Property(e => e.Notes).HasMaxLength(2000);
    }
}

internal sealed class CooperationDomainConfiguration : IEntityTypeConfiguration<CooperationDomain>
{
    public void Configure(EntityTypeBuilder<CooperationDomain> b)
    {
        b.ToTable("cooperation_domains");
        b.HasKey(d => new { d.TenantId, d.Id });
        b.HasIndex(d => new { d.TenantId, d.Key }).IsUnique();
        b.HasOne<TwinningCloud.Web.Platform.Tenancy.Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Key).HasMaxLength(60);
        b.Property(d => d.NameFr).HasMaxLength(120);
        b.Property(d => d.NameEn).HasMaxLength(120);
    }
}

internal sealed class AgreementDomainConfiguration : IEntityTypeConfiguration<AgreementDomain>
{
    public void Configure(EntityTypeBuilder<AgreementDomain> b)
    {
        b.ToTable("agreement_domains");
        b.HasKey(d => new { d.TenantId, d.AgreementId, d.DomainId });
        b.HasOne(d => d.Domain).WithMany().HasForeignKey(d => new { d.TenantId, d.DomainId }).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgreementDocumentConfiguration : IEntityTypeConfiguration<AgreementDocument>
{
    public void Configure(EntityTypeBuilder<AgreementDocument> b)
    {
        b.ToTable("agreement_documents");
        b.HasKey(d => new { d.TenantId, d.Id });
        b.Property(d => d.FileName).HasMaxLength(255);
        b.Property(d => d.ContentType).HasMaxLength(100);
    }
}

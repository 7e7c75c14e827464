using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching;

public enum ContactStatus
{
    /// <summary>Sent; the other town has not answered. Neither sees the other's address.</summary>
    Open,
    /// <summary>The other town answered: both see each other's address.</summary>
    Answered,
    /// <summary>The other town declined: no address is shown.</summary>
    Declined,
}

/// <summary>
/// A town's message to another member town of a federation, relayed by the platform: the recipients (the other town's
/// admins) read it without the sender's address; when one of them answers, the sender gets the answer and both sides
/// see each other's address. Owned by the platform (it belongs to two towns): every read names the current town as
/// the sender or the recipient (<see cref="PartnerContacts"/>).
/// </summary>
public sealed class PartnerContact
{
    public const int MaxMessageLength = 2000;
    /// <summary>Contacts a town may send in 24 hours.</summary>
    public const int MaxPerDay = 10;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FederationId { get; set; }
    public Guid FromTenantId { get; set; }
    public Guid FromUserId { get; set; }
    public Guid ToTenantId { get; set; }
    public required string Message { get; set; }
    /// <summary>The language the sender wrote in ("fr", "en").</summary>
    public string Language { get; set; } = "fr";
    public ContactStatus Status { get; set; } = ContactStatus.Open;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public Guid? AnsweredByUserId { get; set; }
    public string? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

internal sealed class PartnerContactConfiguration : IEntityTypeConfiguration<PartnerContact>
{
    public void Configure(EntityTypeBuilder<PartnerContact> b)
    {
        b.ToTable("partner_contacts");
        b.HasKey(c => c.Id);
        b.HasIndex(c => new { c.FromTenantId, c.CreatedAt });
        b.HasIndex(c => new { c.ToTenantId, c.CreatedAt });
        b.Property(c => c.Message).HasMaxLength(PartnerContact.MaxMessageLength);
        b.Property(c => c.Answer).HasMaxLength(PartnerContact.MaxMessageLength);
        b.Property(c => c.Language).HasMaxLength(8);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Federation>().WithMany().HasForeignKey(c => c.FederationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tenant>().WithMany().HasForeignKey(c => c.FromTenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tenant>().WithMany().HasForeignKey(c => c.ToTenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.FromUserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.AnsweredByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

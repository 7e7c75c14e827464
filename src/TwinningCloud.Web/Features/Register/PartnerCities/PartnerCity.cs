using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Register.PartnerCities;

/// <summary>A foreign (or overseas) town a tenant is twinned or cooperates with.</summary>
public sealed class PartnerCity : ITenantOwned, IHasSlug, TwinningCloud.Web.Platform.Audit.IAudited, IPubliclyVisible<PartnerCity>
{
    /// <summary>
    /// What the public sees: cities marked public, whether or not one of their agreements is visible (a city is a
    /// fact about a place; staff preparing a confidential partnership mark the city internal). Its internal
    /// <see cref="Notes"/> are never public: public pages read cities through <c>PublicRegister</c>, which drops them.
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<PartnerCity, bool>> PublicRule => c => c.IsPublic;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The name in the town's main language ("Anvers" for Marseille); the matching key of imports.</summary>
    public required string Name { get; set; }
    /// <summary>The name in French and in English (exonyms: Anvers / Antwerp) when it differs from <see cref="Name"/>'s language.</summary>
    public string? NameFr { get; set; }
    public string? NameEn { get; set; }

    /// <summary>The public address segment (<c>/partner-cities/kobe</c>): made from the name when the city is first saved, unique in the town, kept when it is renamed.</summary>
    public string? Slug { get; set; }

    string IHasSlug.SlugSource => Name;

    /// <summary>The address segment of the public page: the slug, or the id for a city saved before slugs existed (until the startup fills it in).</summary>
    public string PublicKey => Slug ?? Id.ToString();
    public string? LocalName { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string CountryCode { get; set; }
    public string? Region { get; set; }
    public long? Population { get; set; }
    public int? PopulationYear { get; set; }
    public string? LeaderTitle { get; set; }
    public string? LeaderName { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Website { get; set; }
    public string? Notes { get; set; }

    /// <summary>Shown on the public pages.</summary>
    public bool IsPublic { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The name in the reader's language (Antwerp for an English reader of Marseille's pages), else the main name, marked with its language.</summary>
    public LocalizedText DisplayName(string townLanguage) => ContentLanguage.Pick(Name, NameFr, NameEn, townLanguage);
}

internal sealed class PartnerCityConfiguration : IEntityTypeConfiguration<PartnerCity>
{
    public void Configure(EntityTypeBuilder<PartnerCity> b)
    {
        b.ToTable("partner_cities");
        b.HasKey(c => new { c.TenantId, c.Id });
        b.HasIndex(c => new { c.TenantId, c.Name });
        b.HasIndex(c => new { c.TenantId, c.Slug }).IsUnique();
        b.Property(c => c.Slug).HasMaxLength(100);
        b.Ignore(c => c.PublicKey);
        b.HasOne<TwinningCloud.Web.Platform.Tenancy.Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.NameFr).HasMaxLength(200);
        b.Property(c => c.NameEn).HasMaxLength(200);
        b.Property(c => c.LocalName).HasMaxLength(200);
        b.Property(c => c.CountryCode).HasMaxLength(2).IsFixedLength();
        b.Property(c => c.Region).HasMaxLength(200);
        b.Property(c => c.LeaderTitle).HasMaxLength(120);
        b.Property(c => c.LeaderName).HasMaxLength(200);
        b.Property(c => c.Website).HasMaxLength(500);
        b.Property(c => c.Notes).HasMaxLength(4000);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TwinningCloud.Web.Platform.Tenancy;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.ToTable("tenants");
        b.HasKey(t => t.Id);
        b.HasIndex(t => t.Slug).IsUnique();
        b.Property(t => t.Slug).HasMaxLength(63);
        b.Property(t => t.DisplayName).HasMaxLength(200);
        b.Property(t => t.DefaultCulture).HasMaxLength(8);
        b.Property(t => t.TimeZoneId).HasMaxLength(64);
        b.Property(t => t.BrandColor).HasMaxLength(7);
        b.Property(t => t.LogoContentType).HasMaxLength(64);
        b.Property(t => t.CalendarFeedToken).HasMaxLength(64);
        b.HasIndex(t => t.CalendarFeedToken).IsUnique();
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.HasMany(t => t.Hosts).WithOne().HasForeignKey(h => h.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(t => t.Modules).WithOne().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TenantHostConfiguration : IEntityTypeConfiguration<TenantHost>
{
    public void Configure(EntityTypeBuilder<TenantHost> b)
    {
        b.ToTable("tenant_hosts");
        b.HasKey(h => h.HostName);
        b.Property(h => h.HostName).HasMaxLength(253);
        b.HasIndex(h => h.TenantId);
    }
}

internal sealed class TenantModuleConfiguration : IEntityTypeConfiguration<TenantModule>
{
    public void Configure(EntityTypeBuilder<TenantModule> b)
    {
        b.ToTable("tenant_modules");
        b.HasKey(m => new { m.TenantId, m.ModuleKey });
        b.Property(m => m.ModuleKey).HasMaxLength(40);
    }
}

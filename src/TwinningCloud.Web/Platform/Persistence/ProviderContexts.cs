using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Caching;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Persistence;

/// <summary>The embedded default: one SQLite file. Has its own migrations under Migrations/Sqlite.</summary>
internal sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, TenantContext tenantContext, AuditActor? auditActor = null, TenantDataVersions? versions = null,
    PublicReadScope? publicRead = null)
    : AppDbContext(options, tenantContext, auditActor, versions, publicRead)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot order or compare DateTimeOffset stored as text; store UTC ticks instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>Deployments and tests: PostgreSQL. Has its own migrations under Migrations/Postgres.</summary>
internal sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, TenantContext tenantContext, AuditActor? auditActor = null, TenantDataVersions? versions = null,
    PublicReadScope? publicRead = null)
    : AppDbContext(options, tenantContext, auditActor, versions, publicRead);

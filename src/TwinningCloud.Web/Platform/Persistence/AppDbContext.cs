using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Caching;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Persistence;

/// <summary>
/// The one database context. Provider-specific subclasses (<see cref="SqliteAppDbContext"/>,
/// <see cref="PostgresAppDbContext"/>) exist only so that each provider has its own migrations.
/// Tenant isolation lives here: a named query filter on every <see cref="ITenantOwned"/> entity reads
/// <see cref="CurrentTenantId"/> from this instance (never a captured value: EF caches the model), and
/// <see cref="SaveChangesAsync(bool, CancellationToken)"/> stamps and checks <c>TenantId</c>.
/// </summary>
public abstract class AppDbContext : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>
{
    private readonly TenantContext tenantContext;
    private readonly AuditActor? auditActor;
    private readonly TenantDataVersions? versions;
    private readonly PublicReadScope? publicRead;

    /// <summary>For the provider contexts only (the platform's <see cref="PublicReadScope"/> is no door).</summary>
    private protected AppDbContext(DbContextOptions options, TenantContext tenantContext, AuditActor? auditActor, TenantDataVersions? versions,
        PublicReadScope? publicRead = null)
        : base(options)
    {
        this.tenantContext = tenantContext;
        this.auditActor = auditActor;
        this.versions = versions;
        this.publicRead = publicRead;
    }

    public const string TenantFilter = "Tenant";

    /// <summary>The tenant whose rows this context sees; null sees no tenant-owned row at all.</summary>
    public Guid? CurrentTenantId => tenantContext.TenantId;

    /// <summary>True when this context reads as the public does: only rows of each entity's public rule (<see cref="PublicVisibility"/>).</summary>
    public bool PublicOnly => publicRead?.PublicOnly ?? false;

    /// <summary>
    /// False while copying rows that carry their own history (a town's import copies its audit trail as it was): the
    /// save then records no new audit entries.
    /// </summary>
    public bool RecordsAudit { get; set; } = true;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Jobs.Job> Jobs => Set<Jobs.Job>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict(); // the authorization server's stores (applications, authorizations, scopes, tokens)
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter, TenantFilterFor(entity.ClrType));
        }
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => PublicVisibility.HasRule(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(PublicVisibility.Filter, PublicFilterFor(entity.ClrType));
        }
        SnakeCaseNames.Apply(builder.Model);
    }

    private LambdaExpression TenantFilterFor(Type entityType)
    {
        // e => e.TenantId == this.CurrentTenantId
        var e = Expression.Parameter(entityType, "e");
        var tenantId = Expression.Convert(Expression.Property(e, nameof(ITenantOwned.TenantId)), typeof(Guid?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(tenantId, current), e);
    }

    private LambdaExpression PublicFilterFor(Type entityType)
    {
        // e => !this.PublicOnly || rule(e)
        var rule = PublicVisibility.RuleOf(entityType);
        var e = rule.Parameters[0];
        var publicOnly = Expression.Property(Expression.Constant(this), nameof(PublicOnly));
        return Expression.Lambda(Expression.OrElse(Expression.Not(publicOnly), rule.Body), e);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Stamps and checks tenants, records the audit trail, saves, and tells every instance which tenants
    /// changed (a PostgreSQL notification inside the same transaction; a local version bump after it), so
    /// that nothing cached for them is served again.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        await Slugs.AssignNewAsync(this, cancellationToken);
        RecordAudit();
        var changed = ChangedTenants();
        if (changed.Count == 0 || versions is null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        int count;
        if (!Database.IsNpgsql())
        {
            count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        else if (Database.CurrentTransaction is not null)
        {
            count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await ChangeNotifications.SendAsync(this, changed, cancellationToken); // delivered when the caller commits
        }
        else
        {
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await ChangeNotifications.SendAsync(this, changed, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        foreach (var item in changed)
        {
            if (Guid.TryParse(item, out var tenantId))
            {
                versions.Bump(tenantId);
            }
            else
            {
                versions.BumpAll();
            }
        }
        return count;
    }

    /// <summary>
    /// Set-based writes of the current tenant (<c>ExecuteDelete</c>, <c>ExecuteUpdate</c>), which bypass the change
    /// tracker, made safe for the page cache (ADR 0006): <paramref name="writes"/> and then a save of whatever it
    /// tracked (audit entries, a removed row: recorded in the audit trail as usual) run in one transaction; the
    /// tenant's change notification goes out inside it, and its local version is bumped after the commit.
    /// </summary>
    public async Task SetBasedAsync(Func<CancellationToken, Task> writes, CancellationToken ct)
    {
        var tenantId = CurrentTenantId ?? throw new ForeignTenantException("Set-based writes need a tenant, and this work has none.");
        await using (var transaction = await Database.BeginTransactionAsync(ct))
        {
            await writes(ct);
            await SaveChangesAsync(ct);
            if (Database.IsNpgsql())
            {
                await ChangeNotifications.SendAsync(this, [tenantId.ToString()], ct);
            }
            await transaction.CommitAsync(ct);
        }
        versions?.Bump(tenantId);
    }

    /// <summary>The tenants whose data this save changes ("tenants" when the tenant list itself changes).</summary>
    private List<string> ChangedTenants()
    {
        var changed = new HashSet<string>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            if (entry.Entity is IStaffOnlyData)
            {
                continue;
            }
            if (entry.Entity is ITenantOwned owned)
            {
                changed.Add(owned.TenantId.ToString());
            }
            else if (entry.Entity is INotifiesChange keyed)
            {
                changed.Add(keyed.ChangeKey.ToString());
            }
            else if (entry.Entity is Tenant or TenantHost or TenantModule)
            {
                changed.Add(ChangeNotifications.TenantsChanged);
            }
        }
        return changed.ToList();
    }

    /// <summary>Adds an audit entry for each change of an audited entity (or of one of its parts), in the same transaction.</summary>
    private void RecordAudit()
    {
        if (!RecordsAudit)
        {
            return;
        }
        var entries = AuditRecorder.Capture(ChangeTracker, auditActor);
        if (entries.Count > 0)
        {
            AddRange(entries);
        }
    }

    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            var current = CurrentTenantId
                ?? throw new ForeignTenantException($"{entry.Entity.GetType().Name} belongs to a tenant, and this work has none.");
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = current;
            }
            var original = entry.State == EntityState.Added ? entry.Entity.TenantId : entry.OriginalValues.GetValue<Guid>(nameof(ITenantOwned.TenantId));
            if (entry.Entity.TenantId != current || original != current)
            {
                throw new ForeignTenantException($"{entry.Entity.GetType().Name} belongs to another tenant; it cannot be saved from this one.");
            }
        }
    }
}

/// <summary>Thrown when work in one tenant tries to write another tenant's row.</summary>
internal sealed class ForeignTenantException(string message) : InvalidOperationException(message);

namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>
/// The one explicit tenant of the current unit of work: a request (set at the edge by
/// <see cref="TenantResolutionMiddleware"/>), a background job or a command-line action
/// (set by <see cref="TenantScopes.RunInTenantAsync"/>). Scoped: one per DI scope. Set once.
/// </summary>
public sealed class TenantContext
{
    public TenantInfo? Current { get; private set; }

    public Guid? TenantId => Current?.Id;

    public TenantInfo Required => Current ?? throw new InvalidOperationException("This work needs a tenant, and none is set.");

    public void Set(TenantInfo tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (Current is not null && Current.Id != tenant.Id)
        {
            throw new InvalidOperationException($"The tenant of this scope is already '{Current.Slug}'; it cannot become '{tenant.Slug}'.");
        }
        Current = tenant;
    }
}

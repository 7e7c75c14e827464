namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>
/// The one explicit tenant of the current unit of work: a request (set at the edge by
/// <see cref="TenantResolutionMiddleware"/>), a background job or a command-line action
/// (set by <see cref="TenantScopes.RunInTenantAsync"/>). Scoped: one per DI scope. Set once.
/// </summary>
public sealed class TenantContext
{
    private static readonly AsyncLocal<Guid?> AmbientId = new();

    /// <summary>
    /// The tenant of the work running on this async flow (set with <see cref="Set"/>), for the few singletons that
    /// cannot see the scope: the mail senders (a suspended town's mails do not go out; the outbox records the town).
    /// </summary>
    public static Guid? Ambient => AmbientId.Value;

    /// <summary>Forgets the ambient tenant (a Hangfire worker thread between two jobs).</summary>
    public static void ClearAmbient() => AmbientId.Value = null;

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
        AmbientId.Value = tenant.Id;
    }
}

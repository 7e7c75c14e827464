using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.States;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Client filter: stamps the tenant of the job row being dispatched (<see cref="Current"/>, set by
/// <see cref="JobDispatcher"/> around each creation) on the Hangfire job as parameter <c>TenantId</c>.
/// </summary>
internal sealed class TenantStampFilter : IClientFilter
{
    public const string Parameter = "TenantId";

    private static readonly AsyncLocal<Guid?> Stamp = new();

    /// <summary>The tenant that Hangfire jobs created on this async flow belong to (null: platform work).</summary>
    public static Guid? Current
    {
        get => Stamp.Value;
        set => Stamp.Value = value;
    }

    public void OnCreating(CreatingContext context)
    {
        if (Current is { } tenantId)
        {
            context.SetJobParameter(Parameter, tenantId.ToString("D"));
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }
}

/// <summary>
/// Builds each Hangfire job's DI scope and restores its tenant in it: the <see cref="TenantContext"/> of the
/// scope is the tenant stamped on the job (when it exists and is active), exactly as a request's is. The job's
/// <c>AppDbContext</c> then sees only that tenant's rows and refuses to save another's.
/// </summary>
internal sealed class TenantJobActivator(IServiceScopeFactory scopes, TenantCatalog tenants) : JobActivator
{
    public override object ActivateJob(Type jobType) => throw new InvalidOperationException("Jobs are activated in a scope.");

    public override JobActivatorScope BeginScope(JobActivatorContext context)
    {
        TenantContext.ClearAmbient();
        var scope = scopes.CreateAsyncScope();
        var stamped = context.GetJobParameter<string>(TenantStampFilter.Parameter);
        if (Guid.TryParse(stamped, out var tenantId) && Find(tenantId) is { IsActive: true } tenant)
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        }
        return new Scope(scope);
    }

    /// <summary>The tenant, reloading the catalog once when it does not know it (a town created seconds ago).</summary>
    private TenantInfo? Find(Guid id)
    {
        if (tenants.FindByIdAsync(id).AsTask().GetAwaiter().GetResult() is { } known)
        {
            return known;
        }
        tenants.Invalidate();
        return tenants.FindByIdAsync(id).AsTask().GetAwaiter().GetResult();
    }

    private sealed class Scope(AsyncServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope()
        {
            TenantContext.ClearAmbient();
            scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}

/// <summary>
/// Replaces Hangfire's <c>AutomaticRetry</c> (not among our filters, see <see cref="JobsSetup"/>): the job row owns the attempt
/// count (per job: <see cref="Job.MaxAttempts"/>) and the backoff, so a failed attempt is scheduled again
/// at the time <see cref="JobRunner"/> wrote on the row (<see cref="JobRetryException.RetryAt"/>); a
/// <see cref="PermanentJobException"/> (or the last attempt) stays Failed at once; a
/// <see cref="JobCancelledException"/> is Deleted.
/// </summary>
internal sealed class JobRetryFilter : IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed)
        {
            return;
        }
        switch (failed.Exception)
        {
            case JobRetryException retry:
                context.CandidateState = new ScheduledState(NotBefore(retry.RetryAt)) { Reason = retry.Message.Length > 200 ? retry.Message[..200] : retry.Message };
                break;
            case JobCancelledException cancelled:
                context.CandidateState = new DeletedState { Reason = cancelled.Message };
                break;
        }
    }

    /// <summary>
    /// The time to give Hangfire's <see cref="ScheduledState"/> so that the job never starts before
    /// <paramref name="runAt"/>: Hangfire keeps a schedule as whole Unix seconds (truncated) and its scheduler
    /// enqueues when that second has begun, i.e. up to a second early. Rounded up to the next whole second,
    /// the job starts at <paramref name="runAt"/> or within a second (plus the scheduler's poll) after it.
    /// </summary>
    public static DateTime NotBefore(DateTimeOffset runAt)
    {
        var utc = runAt.UtcDateTime;
        var whole = new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        return whole == utc ? utc : whole.AddSeconds(1);
    }
}

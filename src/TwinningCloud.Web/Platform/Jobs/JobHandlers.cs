using System.Text.Json;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Runs one kind of job. Resolved from a DI scope whose <see cref="TenantContext"/> is the job's tenant,
/// so everything it reads or writes through <c>AppDbContext</c> is that tenant's. Jobs run at least once:
/// a handler must make its effect idempotent (check what is already done before doing it).
/// </summary>
public interface IJobHandler
{
    Task RunAsync(JobContext job, CancellationToken ct);
}

/// <summary>The claimed job as its handler sees it.</summary>
public sealed record JobContext(long Id, string Kind, TenantInfo? Tenant, string Payload, int Attempt, int MaxAttempts)
{
    public T Read<T>() => JsonSerializer.Deserialize<T>(Payload, JobJson.Options)
        ?? throw new PermanentJobException($"The payload of job {Id} is empty.");
}

/// <summary>Thrown by a handler when retrying cannot help (bad payload, missing configuration): the job goes dead at once.</summary>
public sealed class PermanentJobException(string message, Exception? inner = null) : Exception(message, inner);

public static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(object? payload) => payload is null ? "{}" : payload as string ?? JsonSerializer.Serialize(payload, Options);
}

/// <summary>The job kinds this application can run (one per registered handler).</summary>
public sealed record JobKind(string Name);

public static class JobHandlerRegistration
{
    /// <summary>Registers <typeparamref name="THandler"/> as the handler of jobs of <paramref name="kind"/>.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind)
        where THandler : class, IJobHandler
    {
        services.AddKeyedScoped<IJobHandler, THandler>(kind);
        services.AddSingleton(new JobKind(kind));
        return services;
    }
}

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

internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(object? payload) => payload is null ? "{}" : payload as string ?? JsonSerializer.Serialize(payload, Options);
}

/// <summary>
/// A job kind this application can run (one per registered handler): its stored name, its display text
/// (<see cref="TextKey"/>, in the registering module's texts) and whether the jobs pages may show its input (not when the
/// input holds a secret, such as an account mail's one-time link).
/// </summary>
public sealed record JobKind(string Name, bool ShowsInput = true)
{
    public string TextKey => "jobs.kind." + Name;
}

/// <summary>Every registered job kind, by name.</summary>
public sealed class JobKinds(IEnumerable<JobKind> kinds)
{
    private readonly Dictionary<string, JobKind> _byName = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<JobKind> All => _byName.Values;

    public JobKind? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Whether the input of a job of this kind may be shown; a kind nobody registers (an old row) keeps it hidden.</summary>
    public bool ShowsInput(string name) => Find(name)?.ShowsInput == true;
}

internal static class JobHandlerRegistration
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> as the handler of jobs of <paramref name="kind"/>; its display text is
    /// <c>jobs.kind.{kind}</c> (a test checks both languages have it). <paramref name="showsInput"/>: false when the job's
    /// input holds a secret.
    /// </summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind, bool showsInput = true)
        where THandler : class, IJobHandler
    {
        services.AddKeyedScoped<IJobHandler, THandler>(kind);
        services.AddSingleton(new JobKind(kind, showsInput));
        return services;
    }
}

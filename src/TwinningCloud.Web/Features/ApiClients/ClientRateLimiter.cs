using System.Threading.RateLimiting;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// The global limiter: an API client's request goes to its client's limiter (<paramref name="clients"/>); any other
/// request (people, anonymous visitors) is let through at once, without the partitioned limiter's lookup, which
/// takes a lock shared by every request.
/// </summary>
internal sealed class ClientRateLimiter(PartitionedRateLimiter<HttpContext> clients) : PartitionedRateLimiter<HttpContext>
{
    private static bool IsClient(HttpContext http) => http.Items.ContainsKey(AuthorizationServer.ClientRateItem);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => IsClient(resource) ? clients.GetStatistics(resource) : null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        IsClient(resource) ? clients.AttemptAcquire(resource, permitCount) : Granted.Lease;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        IsClient(resource) ? clients.AcquireAsync(resource, permitCount, cancellationToken) : new ValueTask<RateLimitLease>(Granted.Lease);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            clients.Dispose();
        }
        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await clients.DisposeAsync();
        await base.DisposeAsyncCore();
    }

    /// <summary>A lease that is always acquired and holds nothing (safe to share: disposing it does nothing).</summary>
    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

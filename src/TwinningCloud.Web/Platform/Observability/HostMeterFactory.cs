using System.Diagnostics.Metrics;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>
/// The app's <see cref="IMeterFactory"/> (ours, ASP.NET Core's, every library's that asks the container): each meter it
/// makes carries this host's instance as a meter tag (<c>host.instance</c>). OpenTelemetry identifies a metric stream by
/// meter name, version and tags; without a tag of its own, two hosts in one process (the test suite boots several) share
/// a stream, and when one host stops and disposes its meters the shared stream ends for the other one too — its
/// measurements are then recorded into a stream no reader exports. Meters are kept per name, version and tags and
/// disposed with the container, as the framework's factory does.
/// </summary>
internal sealed class HostMeterFactory : IMeterFactory
{
    public const string InstanceTag = "host.instance";

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, Meter> _meters = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _disposed;

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scope is not null && !ReferenceEquals(options.Scope, this))
        {
            throw new InvalidOperationException("The meter's scope must be this factory.");
        }
        var tags = (options.Tags ?? []).Where(t => t.Key != InstanceTag).Append(new(InstanceTag, _instance))
            .OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var key = $"{options.Name}\n{options.Version}\n{string.Join('\n', tags.Select(t => $"{t.Key}={t.Value}"))}";
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_meters.TryGetValue(key, out var meter))
            {
                _meters[key] = meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = tags, Scope = this });
            }
            return meter;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (var meter in _meters.Values)
            {
                meter.Dispose();
            }
            _meters.Clear();
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>
/// This instance's own reading of the metrics it exports, in process (a <see cref="MeterListener"/>): the sums of our
/// counters and the last values of our gauges per series (instrument and tags), and ASP.NET Core's request durations
/// per route (count, total, longest). Only the instruments of this app's <see cref="IMeterFactory"/> are read (several
/// apps can live in one process: the tests). Counters count since this instance started.
/// </summary>
public sealed class MetricsAggregator : IDisposable
{
    private const string DurationInstrument = "http.server.request.duration";
    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Series> _series = new();
    private readonly ConcurrentDictionary<string, RouteDurations> _routes = new();
    private readonly object _meterScope;

    public MetricsAggregator(IMeterFactory meters, TwinningMetrics metrics, TimeProvider clock)
    {
        _ = metrics; // our meter exists before the listener starts
        _meterScope = meters;
        Since = clock.GetUtcNow();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter.Scope, _meterScope))
            {
                return;
            }
            if (instrument.Meter.Name == TwinningMetrics.MeterName
                || (instrument.Meter.Name == HostingMeter && instrument.Name == DurationInstrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnLong(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => OnLong(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnDouble(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>When this instance began counting.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Reads the observable gauges now (their callbacks run).</summary>
    public void Collect() => _listener.RecordObservableInstruments();

    /// <summary>Every series of an instrument with its value (counters: sum since start; gauges: last value).</summary>
    public IReadOnlyList<(IReadOnlyDictionary<string, string> Tags, long Value)> Read(string instrument) =>
        _series.Values.Where(s => s.Instrument == instrument).Select(s => (s.Tags, Interlocked.Read(ref s.Value))).ToList();

    /// <summary>The sum of an instrument's series, optionally only those with a tag of a given value.</summary>
    public long Sum(string instrument, string? tag = null, string? value = null) =>
        Read(instrument).Where(s => tag is null || (s.Tags.TryGetValue(tag, out var v) && v == value)).Sum(s => s.Value);

    /// <summary>The routes whose requests took longest on average (ASP.NET Core's <c>http.server.request.duration</c>).</summary>
    public IReadOnlyList<RouteTiming> Slowest(int count) =>
        _routes.Values.Select(r => r.Read()).Where(r => r.Requests > 0)
            .OrderByDescending(r => r.AverageMs).ThenBy(r => r.Route, StringComparer.Ordinal).Take(count).ToList();

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // The key in the order the tags come (each instrument is always given its tags in one order); the tags
        // themselves are kept once, when the series is new — a measurement on a known series allocates only its key.
        var key = new System.Text.StringBuilder(instrument.Name);
        foreach (var (name, tagValue) in tags)
        {
            key.Append('|').Append(name).Append('=').Append(Convert.ToString(tagValue, System.Globalization.CultureInfo.InvariantCulture));
        }
        var text = key.ToString();
        if (!_series.TryGetValue(text, out var series))
        {
            series = _series.GetOrAdd(text, new Series(instrument.Name, Tags(tags)));
        }
        if (instrument is ObservableGauge<long> or ObservableGauge<int> or ObservableUpDownCounter<long>)
        {
            Interlocked.Exchange(ref series.Value, value);
        }
        else
        {
            Interlocked.Add(ref series.Value, value);
        }
    }

    private void OnDouble(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (instrument.Name != DurationInstrument)
        {
            return;
        }
        string? route = null, method = null;
        foreach (var (key, value) in tags)
        {
            if (key == "http.route")
            {
                route = value as string;
            }
            else if (key == "http.request.method")
            {
                method = value as string;
            }
        }
        if (string.IsNullOrEmpty(route))
        {
            return; // no endpoint matched (404s, probes answered before routing, cache hits at the front door)
        }
        _routes.GetOrAdd(method + " " + route, _ => new RouteDurations(route, method ?? "")).Add(seconds * 1000);
    }

    private static SortedDictionary<string, string> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            sorted[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        return sorted;
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Series(string instrument, IReadOnlyDictionary<string, string> tags)
    {
        public string Instrument { get; } = instrument;
        public IReadOnlyDictionary<string, string> Tags { get; } = tags;
        public long Value;
    }

    private sealed class RouteDurations(string route, string method)
    {
        private readonly Lock _lock = new();
        private long _count;
        private double _totalMs;
        private double _maxMs;

        public void Add(double ms)
        {
            lock (_lock)
            {
                _count++;
                _totalMs += ms;
                _maxMs = Math.Max(_maxMs, ms);
            }
        }

        public RouteTiming Read()
        {
            lock (_lock)
            {
                return new RouteTiming(method, route, _count, _count == 0 ? 0 : _totalMs / _count, _maxMs);
            }
        }
    }
}

/// <summary>One route's request durations since this instance started.</summary>
public sealed record RouteTiming(string Method, string Route, long Requests, double AverageMs, double MaxMs);

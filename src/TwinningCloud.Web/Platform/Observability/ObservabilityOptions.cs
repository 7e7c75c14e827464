namespace TwinningCloud.Web.Platform.Observability;

/// <summary>Settings of the section <c>Observability</c> (README, "Observability").</summary>
internal sealed class ObservabilityOptions
{
    /// <summary>The service name of traces and metrics (resource attribute <c>service.name</c>).</summary>
    public string ServiceName { get; set; } = "twinningcloud";

    /// <summary>The Prometheus scrape endpoint.</summary>
    public string MetricsPath { get; set; } = "/platform/metrics";

    /// <summary>Networks (CIDR) whose requests may scrape without signing in; empty: operators only.</summary>
    public string[] MetricsNetworks { get; set; } = [];

    /// <summary>OTLP collector (e.g. <c>http://otel-collector:4317</c>); empty: no OTLP export (the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works too).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Share of traces kept (0 to 1); a request whose caller sampled it is always kept.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>How often the gauges read from the database (towns, active users, jobs per state) are refreshed.</summary>
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The readiness check's limit for the mail server (connect, greeting, authentication, quit).</summary>
    public TimeSpan MailCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

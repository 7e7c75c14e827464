using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>
/// OpenTelemetry traces and metrics (ASP.NET Core, HttpClient, Npgsql, the runtime, and our own meter and trace
/// source, all with the town as attribute <c>town</c>), exported with OTLP when a collector is configured and readable at
/// the Prometheus scrape endpoint (<see cref="MetricsEndpoint"/>); the readiness checks (database, job storage, mail
/// server); the in-process reading for the operator's vital-signs page (<see cref="MetricsAggregator"/>).
/// </summary>
internal static class ObservabilitySetup
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection("Observability");
        services.Configure<ObservabilityOptions>(section);
        var options = section.Get<ObservabilityOptions>() ?? new ObservabilityOptions();

        services.AddMetrics();
        // Every meter tagged with this host (see HostMeterFactory: several hosts in one process never share a stream).
        services.Replace(ServiceDescriptor.Singleton<System.Diagnostics.Metrics.IMeterFactory, HostMeterFactory>());
        services.AddSingleton<TwinningMetrics>();
        services.AddSingleton<MetricsAggregator>();
        services.AddSingleton<DatabaseGauges>();
        services.AddSingleton<MetricsNetworks>();
        services.AddHostedService<DatabaseGaugeRefresher>();
        services.AddAuthorizationBuilder().AddMetricsPolicy();
        MeteredEmailSender.Decorate(services);

        services.AddSingleton<MailServerHealthCheck>(); // keeps its last answer (see the class)
        services.AddHealthChecks()
            .AddCheck<JobStorageHealthCheck>("job-storage", HealthStatus.Unhealthy, ["ready"])
            .AddCheck<MailServerHealthCheck>("mail", HealthStatus.Degraded, ["ready"]);

        var otlp = !string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        void Otlp(OtlpExporterOptions o)
        {
            if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
            {
                o.Endpoint = new Uri(options.OtlpEndpoint);
            }
            o.Protocol = string.Equals(options.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase)
                ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}"))
            .WithTracing(t =>
            {
                t.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0, 1))))
                    .AddSource(TwinningMetrics.ActivitySourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                        !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) && !http.Request.Path.StartsWithSegments(options.MetricsPath, StringComparison.OrdinalIgnoreCase))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp)
                {
                    t.AddOtlpExporter(Otlp);
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(TwinningMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    m.AddOtlpExporter(Otlp);
                }
            });
        return builder;
    }

    /// <summary>First in the pipeline: every request counted per town.</summary>
    public static WebApplication UseRequestMetrics(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<MetricsAggregator>(); // listening from the first request on
        app.UseMiddleware<RequestMetricsMiddleware>();
        return app;
    }
}

using Microsoft.Extensions.Options;
using Npgsql;
using O2O.Application.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog.Events;

namespace O2O.Web.Infrastructure;

public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>Traces of requests, SQL statements and outgoing HTTP calls. Unset: on exactly when an OTLP endpoint is.</summary>
    public bool? Tracing { get; set; }

    public PrometheusOptions Prometheus { get; set; } = new();

    public sealed class PrometheusOptions
    {
        public bool Enabled { get; set; }

        public string Path { get; set; } = "/metrics";

        /// <summary>
        /// The local port (one of Kestrel's, e.g. 9464 in <c>ASPNETCORE_URLS</c>) the scrape endpoint answers on; on any
        /// other it is a 404. The port a connection arrived on, not the Host header, which a client writes itself.
        /// Required outside Development, so the figures never reach the shoppers' port by mistake (ADR 57).
        /// </summary>
        public int? Port { get; set; }
    }
}

/// <summary>
/// OpenTelemetry (ADR 57): traces when an exporter will take them (OTLP, or a test's), metrics when something reads them
/// (OTLP, or Prometheus scraping <c>/metrics</c>). With neither, nothing is registered and the app pays nothing. The OTLP
/// exporter takes the standard variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>_PROTOCOL</c>, <c>_HEADERS</c>,
/// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_TRACES_SAMPLER</c>…), from the environment or any other configuration source.
/// </summary>
public static class Observability
{
    public static IServiceCollection AddO2OObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ObservabilityOptions>().Bind(configuration.GetSection(ObservabilityOptions.Section))
            .Validate(o => o.Prometheus.Path.StartsWith('/'), "Observability:Prometheus:Path must start with '/'.")
            .Validate(o => o.Prometheus.Port is null or (>= 1 and <= 65535), "Observability:Prometheus:Port must be between 1 and 65535.")
            .Validate<IHostEnvironment>((o, env) => !o.Prometheus.Enabled || o.Prometheus.Port is not null || env.IsDevelopment(),
                "Observability:Prometheus:Port is required outside Development (e.g. 9464, a port Kestrel listens on and the public " +
                "load balancer does not forward), so /metrics is not served to shoppers.")
            .ValidateOnStart();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        var options = configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var tracing = options.Tracing ?? otlp;
        if (!tracing && !otlp && !options.Prometheus.Enabled) return services;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "o2o"));
        if (tracing)
            telemetry.WithTracing(t => t
                .AddAspNetCoreInstrumentation(a => a.Filter = http => !IsScrapeOrProbe(http, options))
                // Every HttpClient, so Stripe.net's calls too (StripePaymentGateway.CreateClient builds a plain one).
                .AddHttpClientInstrumentation()
                // A span per command or batch, with its SQL: the checkout's batched writes (ADR 12) are one span, as they are one round trip.
                .AddNpgsql());
        if (otlp || options.Prometheus.Enabled)
            telemetry.WithMetrics(m =>
            {
                m.AddMeter(O2OMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                // No response cache: the expensive part (the backlog query) has its own, shared by every scraper.
                if (options.Prometheus.Enabled) m.AddPrometheusExporter(p => p.ScrapeResponseCacheDurationMilliseconds = 0);
            });
        if (otlp) telemetry.UseOtlpExporter();
        return services;
    }

    /// <summary>
    /// The scrape answers before the rest of the pipeline (nothing of a page applies to it), only on its path and port.
    /// Not <c>RequireHost("*:9464")</c>: that reads the Host header, so a shopper could send <c>Host: shop:9464</c> through
    /// the public load balancer and be served.
    /// </summary>
    public static WebApplication UseO2OMetrics(this WebApplication app)
    {
        // The meter is made with its first user; made now, its backlog gauges are there before the first order is.
        app.Services.GetRequiredService<O2OMetrics>();
        var prometheus = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.Prometheus;
        if (!prometheus.Enabled) return app;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Request.Path == prometheus.Path
            && (prometheus.Port is not { } port || http.Connection.LocalPort == port));
        return app;
    }

    /// <summary>A scrape every few seconds and the probes would fill the request log; they are logged at Debug.</summary>
    public static LogEventLevel RequestLogLevel(HttpContext http, double elapsedMs, Exception? ex) =>
        ex is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
        : IsScrapeOrProbe(http, http.RequestServices.GetRequiredService<IOptions<ObservabilityOptions>>().Value) ? LogEventLevel.Debug
        : LogEventLevel.Information;

    private static bool IsScrapeOrProbe(HttpContext http, ObservabilityOptions options) =>
        (options.Prometheus.Enabled && http.Request.Path.StartsWithSegments(options.Prometheus.Path))
        || http.Request.Path.StartsWithSegments("/health");
}

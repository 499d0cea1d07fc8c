using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Publishing.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The ActivitySource and Meter name of the project's own spans and instruments.</summary>
    public const string SourceName = "Publishing";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Log levels unless configuration says otherwise (<c>Logging__LogLevel__Microsoft.AspNetCore=Information</c>):
    /// every request and every proxied or outgoing call is already a span, so logging each one too only buries
    /// the warnings and errors an operator looks for.
    /// </summary>
    private static readonly Dictionary<string, string?> QuietByDefault = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Yarp"] = "Warning",
    };

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        // First among the sources, so that every other source (files, environment, command line) overrides it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietByDefault });

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // Nothing is measured for nobody: without a collector (OTEL_EXPORTER_OTLP_ENDPOINT) no span and no metric is
        // recorded, which under load is a good share of a request's cost. With one, TraceSampling says which traces go.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        var sampling = TraceSampling.From(builder.Configuration);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? serviceName,
                serviceInstanceId: Environment.MachineName + "-" + Environment.ProcessId))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", SourceName, "Yarp.ReverseProxy"))
            .WithTracing(tracing => sampling.Apply(tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthProbe(context))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    request.RequestUri is null || !request.RequestUri.AbsolutePath.StartsWith("/health", StringComparison.Ordinal))
                .AddSource("MassTransit", "Yarp.ReverseProxy", "MongoDB.Driver", SourceName)))
            .UseOtlpExporter();

        return builder;
    }

    private static bool IsHealthProbe(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health");
}

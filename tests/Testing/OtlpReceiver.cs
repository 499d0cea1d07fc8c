using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Publishing.Testing;

/// <summary>A span as an OTLP exporter sent it.</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, ActivityKind Kind);

/// <summary>
/// A real OTLP/HTTP (protobuf) receiver on 127.0.0.1: the services export to it as they would to a collector,
/// and tests read back the spans and the names of the metrics each service exported. Logs are accepted and dropped.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentDictionary<(string Service, string Metric), bool> _metrics = new();

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public IReadOnlyCollection<ReceivedSpan> Spans => _spans.ToArray();

    /// <summary>Which service exported which metric, so far.</summary>
    public IReadOnlyCollection<(string Service, string Metric)> Metrics => _metrics.Keys.ToArray();

    /// <summary>The variables that point a process's OpenTelemetry exporter here, exporting within a fraction of a second.</summary>
    public IReadOnlyDictionary<string, string> ExporterEnvironment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = Launcher.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, new Uri($"http://127.0.0.1:{port}"));
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in OtlpTraceDecoder.Decode(body.ToArray()))
            {
                receiver._spans.Enqueue(span);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var metric in OtlpTraceDecoder.MetricNames(body.ToArray()))
            {
                receiver._metrics.TryAdd(metric, true);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until the spans received satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyCollection<ReceivedSpan>> WaitForAsync(Func<IReadOnlyCollection<ReceivedSpan>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var spans = Spans;
            if (condition(spans))
            {
                return spans;
            }
            await Task.Delay(100);
        }
        return Spans;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

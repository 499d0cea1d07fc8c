using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Publishing.Gateway.Routing;
using Publishing.ServiceDefaults.Health;

namespace Publishing.Gateway.Health;

/// <summary>
/// Every part's state in one place, for operators: each service's own readiness report and, on a local run, what the
/// launcher's supervisor says of each process (running, restarting, given up). It never makes the gateway unready:
/// the gateway serves pages and reads while a service is down or the broker is out, and an orchestrator that chained
/// every service's state into the gateway's would take the whole site out of rotation for one part. A part that is
/// not ready makes this check Degraded (still 200) and is named in the report.
/// </summary>
/// <remarks>
/// Anyone may ask, so one report serves every caller for <see cref="Fresh"/>: a flood of anonymous readiness requests
/// costs the services one probe each per second, not one per request.
/// </remarks>
public sealed class PartsReport(IHttpClientFactory clients, ServiceAddresses addresses, IConfiguration configuration, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private Task<HealthCheckResult>? _report;
    private long _reportedAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_report is null || clock.GetElapsedTime(_reportedAt) >= Fresh)
            {
                // Shared by every caller meanwhile, so no one caller's cancellation ends it (the probes time out anyway).
                _report = ReportAsync(CancellationToken.None);
                _reportedAt = clock.GetTimestamp();
            }
            return _report;
        }
    }

    private async Task<HealthCheckResult> ReportAsync(CancellationToken cancellationToken)
    {
        var supervision = ReadSupervision(configuration["Supervision:StateFile"]);
        var client = clients.CreateClient(nameof(PartsReport));
        var probes = addresses.All.Select(async service =>
        {
            var status = await ProbeAsync(client, service.Address, cancellationToken);
            // No supervisor's word outside a local run: null, not an undefined JsonElement that throws when read.
            return (service.Name, Part: new Part(status, supervision.TryGetValue(service.Name, out var state) ? state : null));
        });
        var parts = (await Task.WhenAll(probes)).ToDictionary(p => p.Name, p => p.Part);
        foreach (var name in new[] { "gateway", "rabbitmq" }.Where(supervision.ContainsKey))
        {
            parts[name] = new Part(name == "gateway" ? "Healthy" : null, supervision[name]);
        }
        var troubled = parts.Where(p => p.Value.Status is not ("Healthy" or null) || StateOf(p.Value) is "restarting" or "given up")
            .Select(p => $"{p.Key}: {Describe(p.Value)}")
            .ToList();
        var data = parts.ToDictionary(p => p.Key, p => (object)p.Value);
        return troubled.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Degraded(string.Join("; ", troubled), data: data);
    }

    /// <summary>A part: its own readiness status (Healthy, Degraded, Unhealthy, or unreachable) and, on a local run, the supervisor's word.</summary>
    public sealed record Part(string? Status, JsonElement? Supervision);

    private static string? StateOf(Part part) =>
        part.Supervision is { } supervision && supervision.TryGetProperty("state", out var state) ? state.GetString() : null;

    private static string Describe(Part part) =>
        StateOf(part) is ("given up" or "restarting") and var state
            ? $"{state} ({(part.Supervision!.Value.TryGetProperty("lastExit", out var exit) ? exit.GetString() : "")})"
            : part.Status ?? "unknown";

    private static async Task<string> ProbeAsync(HttpClient client, Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(address, "/health/ready"), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                using var report = JsonDocument.Parse(body);
                return report.RootElement.GetProperty("status").GetString() ?? "Unhealthy";
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return response.IsSuccessStatusCode ? "Healthy" : "Unhealthy";
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "unreachable";
        }
    }

    /// <summary>The launcher's supervision file (a local run only): part name → its state.</summary>
    private static Dictionary<string, JsonElement> ReadSupervision(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        }
        catch (Exception exception) when (exception is IOException or JsonException)
        {
            return [];
        }
    }
}

public static class PartsReportExtensions
{
    public static IHostApplicationBuilder AddPartsReport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(nameof(PartsReport), client => client.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.TryAddSingleton(TimeProvider.System);
        // One instance, so that its report is shared between requests (AddCheck<T> would make one per request).
        builder.Services.AddSingleton<PartsReport>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "parts", services => services.GetRequiredService<PartsReport>(), failureStatus: null, tags: [HealthEndpoints.ReadyTag]));
        return builder;
    }
}

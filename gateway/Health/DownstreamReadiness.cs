using Microsoft.Extensions.Diagnostics.HealthChecks;
using Publishing.Gateway.Routing;
using Publishing.ServiceDefaults.Health;

namespace Publishing.Gateway.Health;

/// <summary>The gateway is ready only when every service it routes to answers its own readiness probe.</summary>
public sealed class DownstreamReadiness(IHttpClientFactory clients, ServiceAddresses addresses) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = clients.CreateClient(nameof(DownstreamReadiness));
        var probes = addresses.All.Select(async service =>
        {
            try
            {
                using var response = await client.GetAsync(new Uri(service.Address, "/health/ready"), cancellationToken);
                return (service.Name, Ready: response.IsSuccessStatusCode);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return (service.Name, Ready: false);
            }
        });
        var results = await Task.WhenAll(probes);
        var notReady = results.Where(r => !r.Ready).Select(r => r.Name).ToList();
        return notReady.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Not ready: " + string.Join(", ", notReady));
    }
}

public static class DownstreamReadinessExtensions
{
    public static IHostApplicationBuilder AddDownstreamReadiness(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(nameof(DownstreamReadiness), client => client.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHealthChecks().AddCheck<DownstreamReadiness>("services", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }
}

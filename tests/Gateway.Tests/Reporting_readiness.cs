using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Publishing.Gateway.Health;

namespace Publishing.Gateway.Tests;

/// <summary>
/// The gateway's readiness names every service's state, and anyone may ask for it: a flood of requests must not
/// become a flood of probes against the services.
/// </summary>
public sealed class Reporting_readiness
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Should_probe_each_service_once_for_a_burst_of_readiness_requests()
    {
        // Four services in one: a real HTTP server on a free port that counts the probes it answers.
        var probes = 0;
        var services = WebApplication.CreateSlimBuilder();
        services.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = services.Build();
        app.MapGet("/health/ready", () =>
        {
            Interlocked.Increment(ref probes);
            return Results.Json(new { status = "Healthy" });
        });
        await app.StartAsync(Cancellation);
        var address = app.Urls.Single();
        await using var gateway = new GatewayFactory(new[] { "Ingest", "Articles", "Voting", "Ranking" }
            .ToDictionary(service => $"Services:{service}", _ => address));
        using var client = gateway.Client();

        var took = System.Diagnostics.Stopwatch.StartNew();
        var burst = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync("/health/ready", Cancellation)));
        var afterBurst = Volatile.Read(ref probes);
        var reportsAtMost = (int)(took.Elapsed / PartsReport.Fresh) + 1;
        await Task.Delay(PartsReport.Fresh + TimeSpan.FromMilliseconds(200), Cancellation);
        var later = await client.GetAsync("/health/ready", Cancellation);

        var report = await burst[^1].Content.ReadAsStringAsync(Cancellation);
        Assert.True(burst.All(response => response.StatusCode == HttpStatusCode.OK), report);
        Assert.Contains("\"articles\"", report);
        // Once per service for each second the burst lasted (one report on a quiet machine): not once per request (160).
        Assert.InRange(afterBurst, 4, 4 * reportsAtMost);
        // Still a live report: once stale, the next request probes again.
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(afterBurst + 4, Volatile.Read(ref probes));
    }
}

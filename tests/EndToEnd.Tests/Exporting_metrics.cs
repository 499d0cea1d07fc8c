using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>The metrics an operator watches (deploy/README.md), as the processes export them over OTLP after traffic.</summary>
public sealed class Exporting_metrics(SystemFixture system)
{
    [Fact]
    public async Task Should_export_request_durations_event_ages_and_error_queue_depths_after_traffic()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var newsroom = system.Newsroom();
        var receipt = await newsroom.PostAsJsonAsync("/api/ingest/articles",
            new { externalId = "metrics-" + Guid.NewGuid().ToString("N"), headline = "Counted by the operators", body = "<p>Traffic for the metrics.</p>" }, cancellation);
        Assert.Equal(HttpStatusCode.Accepted, receipt.StatusCode);
        var id = (await receipt.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("id").GetString();
        var readable = await Eventually.GetAsync(() => system.Gateway.GetAsync($"/api/articles/{id}", cancellation), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, readable.StatusCode);
        using var reader = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = system.System.GatewayUrl };
        Assert.Equal(HttpStatusCode.Created, (await reader.PostAsync("/api/readers", null, cancellation)).StatusCode);
        var vote = await Eventually.GetAsync(() => reader.PostAsync($"/api/articles/{id}/votes", null, cancellation), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);

        (string Service, string Metric)[] expected =
        [
            ("gateway", "http.server.request.duration"),
            ("ingest", "http.server.request.duration"),
            ("articles", "http.server.request.duration"),
            ("voting", "http.server.request.duration"),
            ("articles", "publishing.event.age"),
            ("voting", "publishing.event.age"),
            ("ranking", "publishing.event.age"),
            ("articles", "publishing.messaging.error_queue.depth"),
            ("voting", "publishing.messaging.error_queue.depth"),
            ("ranking", "publishing.messaging.error_queue.depth"),
        ];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (expected.Except(system.Traces.Metrics).Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, cancellation);
        }

        Assert.Empty(expected.Except(system.Traces.Metrics));
    }
}

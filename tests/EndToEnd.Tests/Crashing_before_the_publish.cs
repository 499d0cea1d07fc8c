using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>The outbox, proven by killing the process between the commit and the publish.</summary>
public sealed class Crashing_before_the_publish(SystemFixture system)
{
    [Fact]
    public async Task Should_deliver_the_committed_event_exactly_once_after_a_restart()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var ingest = "ingest";
        await system.System.StartServiceAsync(ingest, new Dictionary<string, string> { ["PUBLISHING_CRASH_BEFORE_PUBLISH"] = "1" }, cancellation);
        var externalId = "crash-" + Guid.NewGuid().ToString("N");
        using var newsroom = system.Newsroom();

        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new { externalId, headline = "Committed, not yet published", body = "<p>Body</p>" }, cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("id").GetString();

        // The dispatcher kills the process as soon as it finds the committed event: nothing was published.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!system.System.Process(ingest).HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellation);
        }
        Assert.True(system.System.Process(ingest).HasExited, "ingest did not crash at the seam");
        Assert.Equal(HttpStatusCode.NotFound, (await system.Gateway.GetAsync($"/api/articles/{id}", cancellation)).StatusCode);

        await system.System.StartServiceAsync(ingest, new Dictionary<string, string>(), cancellation);

        var article = await Eventually.GetAsync(
            () => system.Gateway.GetAsync($"/api/articles/{id}", cancellation),
            r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);

        // Sending the same revision again is answered with the same id and changes nothing.
        var again = await newsroom.PostAsJsonAsync("/api/ingest/articles", new { externalId, headline = "Committed, not yet published", body = "<p>Body</p>" }, cancellation);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("id").GetString());
        var list = await system.Gateway.GetFromJsonAsync<JsonElement>("/api/articles?limit=100", cancellation);
        Assert.Single(list.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == id);
        using var voters = new Voters(system);
        await voters.AssertFlowingAgainAsync();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

public sealed class Reading_articles(SystemFixture system)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private sealed record Receipt(Guid Id, string Slug, int Revision);

    private static async Task<Receipt> SubmitAsync(HttpClient newsroom, string externalId, string headline, string topic, DateTimeOffset? publishedAt, int revision = 1)
    {
        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new
        {
            externalId,
            revision,
            headline,
            body = $"<p>{headline}, as the newsroom wrote it.</p>",
            topics = new[] { topic },
            publishedAt,
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Receipt>(Cancellation))!;
    }

    private Task<HttpResponseMessage> ReadAsync(string idOrSlug, Func<HttpResponseMessage, bool> done) =>
        Eventually.GetAsync(() => system.Gateway.GetAsync($"/api/articles/{idOrSlug}", Cancellation), done);

    [Fact]
    public async Task Should_page_through_the_gateway_without_duplicates_or_gaps_while_articles_arrive_change_and_leave()
    {
        using var newsroom = system.Newsroom();
        var run = Guid.NewGuid().ToString("N")[..8];
        var topic = $"E2E Paging {run}";
        var now = DateTimeOffset.UtcNow;
        var originals = new List<Receipt>();
        for (var i = 1; i <= 6; i++)
        {
            originals.Add(await SubmitAsync(newsroom, $"paging-{run}-{i}", $"Older story number {i}", topic, now.AddHours(-i)));
        }
        foreach (var original in originals)
        {
            Assert.Equal(HttpStatusCode.OK, (await ReadAsync(original.Id.ToString(), r => r.StatusCode == HttpStatusCode.OK)).StatusCode);
        }

        var seen = new List<Guid>();
        var pages = 0;
        // The topic spelled as a reader might type it, not as it is stored.
        var next = $"/api/articles?topic={Uri.EscapeDataString(topic.ToUpperInvariant())}&limit=2";
        while (next is not null)
        {
            var page = await system.Gateway.GetFromJsonAsync<JsonElement>(next, Cancellation);
            pages++;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()));
            next = page.GetProperty("nextCursor") is { ValueKind: JsonValueKind.String } cursor
                ? $"/api/articles?topic={Uri.EscapeDataString(topic)}&limit=2&cursor={Uri.EscapeDataString(cursor.GetString()!)}"
                : null;
            if (pages == 1)
            {
                // A new article (newer than every page) and a new headline for one already shown.
                var fresh = await SubmitAsync(newsroom, $"paging-{run}-fresh", "A fresh story", topic, null);
                await SubmitAsync(newsroom, $"paging-{run}-1", "Older story number 1, revised", topic, now.AddHours(-1), revision: 2);
                await ReadAsync(fresh.Id.ToString(), r => r.StatusCode == HttpStatusCode.OK);
                await Eventually.GetAsync(
                    () => system.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{originals[0].Id}", Cancellation),
                    article => article.GetProperty("revision").GetInt32() == 2);
            }
            if (pages == 2)
            {
                // The oldest leaves before its page is read.
                Assert.Equal(HttpStatusCode.Accepted, (await newsroom.DeleteAsync($"/api/ingest/articles/paging-{run}-6", Cancellation)).StatusCode);
                await ReadAsync(originals[5].Id.ToString(), r => r.StatusCode == HttpStatusCode.Gone);
            }
        }

        Assert.Equal(originals.Take(5).Select(o => o.Id), seen);
        Assert.Equal(3, pages);

        var byOldSlug = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{originals[0].Slug}", Cancellation);
        Assert.Equal((originals[0].Id.ToString(), "Older story number 1, revised"), (byOldSlug.GetProperty("id").GetString(), byOldSlug.GetProperty("headline").GetString()));
        var gone = await system.Gateway.GetAsync($"/api/articles/{originals[5].Slug}", Cancellation);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
    }
}

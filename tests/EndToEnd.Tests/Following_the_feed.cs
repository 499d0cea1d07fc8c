using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary><c>GET /feed.atom</c>: the latest articles for feed readers, through the gateway.</summary>
public sealed class Following_the_feed(SystemFixture system)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task PublishAsync(HttpClient newsroom, string headline, string topic, DateTimeOffset publishedAt, string? externalId = null, int revision = 1)
    {
        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new
        {
            externalId = externalId ?? "feed-" + Guid.NewGuid().ToString("N"),
            revision,
            headline,
            summary = $"{headline}, in brief.",
            body = "<p>Followed in a feed reader.</p>",
            topics = new[] { topic },
            publishedAt,
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<(HttpResponseMessage Response, XDocument? Feed)> ReadAsync(string path, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }
        var response = await system.Gateway.SendAsync(request, Cancellation);
        return (response, response.StatusCode == HttpStatusCode.OK ? XDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)) : null);
    }

    [Fact]
    public async Task Should_list_a_topics_latest_articles_newest_first_from_a_short_cache_and_answer_304_until_one_more_is_published()
    {
        using var newsroom = system.Newsroom();
        var topic = "feed-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await PublishAsync(newsroom, "Harbour reopens after the storm", topic, now.AddHours(-2));
        await PublishAsync(newsroom, "Ferries run again", topic, now.AddHours(-1));
        var path = $"/feed.atom?topic={topic}";
        var (first, feed) = await Eventually.GetAsync(() => ReadAsync(path), read => read.Feed?.Root!.Elements(Atom + "entry").Count() == 2);

        Assert.Equal("application/atom+xml", first.Content.Headers.ContentType?.MediaType);
        var entries = feed!.Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(["Ferries run again", "Harbour reopens after the storm"], entries.Select(e => e.Element(Atom + "title")!.Value));
        Assert.Equal("Ferries run again, in brief.", entries[0].Element(Atom + "summary")!.Value);
        Assert.Equal(topic, entries[0].Element(Atom + "category")!.Attribute("term")!.Value);
        Assert.StartsWith("urn:uuid:", entries[0].Element(Atom + "id")!.Value);
        var link = new Uri(entries[0].Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.GetAsync(link.PathAndQuery, Cancellation)).StatusCode);
        var etag = first.Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.NotModified, (await ReadAsync(path, etag)).Response.StatusCode);
        // Answered from the gateway's memory, not read from Articles again.
        Assert.NotNull((await ReadAsync(path)).Response.Headers.Age);

        await PublishAsync(newsroom, "Harbour traffic back to normal", topic, now);

        var (changed, newer) = await Eventually.GetAsync(() => ReadAsync(path, etag), read => read.Response.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Harbour traffic back to normal", newer!.Root!.Element(Atom + "entry")!.Element(Atom + "title")!.Value);
    }

    [Fact]
    public async Task Should_date_an_entry_by_its_last_revision()
    {
        using var newsroom = system.Newsroom();
        var topic = "feed-" + Guid.NewGuid().ToString("N")[..8];
        var externalId = "feed-" + Guid.NewGuid().ToString("N");
        var publishedAt = DateTimeOffset.UtcNow.AddHours(-3);
        await PublishAsync(newsroom, "Council approves the budget", topic, publishedAt, externalId);

        await PublishAsync(newsroom, "Council approves the budget after a late vote", topic, publishedAt, externalId, revision: 2);

        var (_, feed) = await Eventually.GetAsync(() => ReadAsync($"/feed.atom?topic={topic}"),
            read => read.Feed?.Root!.Element(Atom + "entry")?.Element(Atom + "title")!.Value == "Council approves the budget after a late vote");
        var entry = feed!.Root!.Element(Atom + "entry")!;
        var published = DateTimeOffset.Parse(entry.Element(Atom + "published")!.Value);
        var updated = DateTimeOffset.Parse(entry.Element(Atom + "updated")!.Value);
        Assert.True(updated > published.AddHours(2), $"updated {updated:O}, published {published:O}");
        Assert.Equal(updated, DateTimeOffset.Parse(feed.Root!.Element(Atom + "updated")!.Value));
    }

    [Fact]
    public async Task Should_be_announced_by_the_front_page_of_its_topic()
    {
        var page = await system.Gateway.GetStringAsync("/?topic=world", Cancellation);

        Assert.Contains("""<link rel="alternate" type="application/atom+xml" title="The Newsroom" href="/feed.atom?topic=world">""", page);
    }
}

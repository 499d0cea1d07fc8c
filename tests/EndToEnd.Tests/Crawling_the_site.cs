using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>What search engines read: <c>/robots.txt</c> and the sitemap it names.</summary>
public sealed class Crawling_the_site(SystemFixture system)
{
    private static readonly XNamespace Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Should_point_crawlers_from_robots_txt_to_a_sitemap_that_lists_a_new_article()
    {
        using var newsroom = system.Newsroom();
        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new
        {
            externalId = "crawl-" + Guid.NewGuid().ToString("N"),
            headline = "Museum opens a new wing",
            body = "<p>The wing holds the maritime collection.</p>",
        }, Cancellation);
        var slug = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("slug").GetString()!;

        var robots = await system.Gateway.GetStringAsync("/robots.txt", Cancellation);
        var sitemap = robots.Split('\n').Single(line => line.StartsWith("Sitemap: ", StringComparison.Ordinal))["Sitemap: ".Length..];
        Assert.Contains("Disallow: /api/", robots);
        var address = new Uri(system.System.GatewayUrl, $"/articles/{slug}").ToString();
        var listed = await Eventually.GetAsync(
            async () => XDocument.Parse(await system.Gateway.GetStringAsync(new Uri(sitemap).PathAndQuery, Cancellation)),
            document => document.Root!.Elements(Sitemaps + "url").Any(url => url.Element(Sitemaps + "loc")!.Value == address));

        var entry = listed.Root!.Elements(Sitemaps + "url").Single(url => url.Element(Sitemaps + "loc")!.Value == address);
        Assert.True(DateTimeOffset.TryParse(entry.Element(Sitemaps + "lastmod")!.Value, out _));
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.GetAsync(new Uri(address).PathAndQuery, Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Should_answer_the_sitemap_from_memory_whatever_query_a_client_makes_up()
    {
        await Eventually.GetAsync(() => system.Gateway.GetAsync("/sitemap.xml", Cancellation), r => r.StatusCode == HttpStatusCode.OK);

        var madeUp = await system.Gateway.GetAsync($"/sitemap.xml?topic={Guid.NewGuid():N}", Cancellation);

        Assert.Equal(HttpStatusCode.OK, madeUp.StatusCode);
        // Answered from the gateway's memory (the entry the first request made), not listed from Articles again.
        Assert.NotNull(madeUp.Headers.Age);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Publishing.Launcher;
using Publishing.Testing;

namespace Publishing.Browser.Tests;

/// <summary>The whole system with the demo content, as a reader finds it after <c>./run.sh</c>.</summary>
public sealed class DemoSystem : SystemFixture
{
    protected override bool Demo => true;

    public sealed record PublishedArticle(string Id, string Slug, string ExternalId);

    /// <summary>The seed article (<c>data/seed-page.json</c>) as the demo content published it.</summary>
    public static JsonObject SeedPage { get; } =
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "data", "seed-page.json")))!.AsObject();

    public static string SeedHeadline => (string)SeedPage["article"]!["headline"]!;

    public async Task<string> SeedSlugAsync(CancellationToken cancellationToken)
    {
        var latest = await Gateway.GetFromJsonAsync<JsonElement>("/api/articles?limit=100", cancellationToken);
        return latest.GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("headline").GetString() == SeedHeadline)
            .GetProperty("slug").GetString()!;
    }

    /// <summary>
    /// A new article of the test's own, through the ingest API, once it is readable. Dated a week back, so that the
    /// front page still opens with the demo content, as the screenshots should show it.
    /// </summary>
    public async Task<PublishedArticle> PublishAsync(string headline, string body, CancellationToken cancellationToken, params string[] topics)
    {
        using var newsroom = Newsroom();
        var externalId = "browser-" + Guid.NewGuid().ToString("N");
        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new { externalId, headline, body, topics, dateline = "TESTVILLE (Browser)", publishedAt = DateTimeOffset.UtcNow.AddDays(-7) }, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var id = receipt.GetProperty("id").GetString()!;
        var readable = await Eventually.GetAsync(() => Gateway.GetAsync($"/api/articles/{id}", cancellationToken), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, readable.StatusCode);
        return new PublishedArticle(id, receipt.GetProperty("slug").GetString()!, externalId);
    }
}

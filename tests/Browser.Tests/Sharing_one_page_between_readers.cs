using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publishing.Testing;

namespace Publishing.Browser.Tests;

/// <summary>
/// The article page is one document for every reader, answered from the gateway's cache; each reader's own part (their
/// vote, their recommendations) comes from their own request.
/// </summary>
public sealed class Sharing_one_page_between_readers(DemoSystem system, BrowserFixture browser)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Should_show_each_reader_their_own_vote_on_the_page_they_share()
    {
        var article = await system.PublishAsync("One page for two readers", "<p>Both read it; one finds it very good.</p>", Cancellation, "world");
        await using var voter = await browser.NewReaderAsync(system.System.GatewayUrl);
        await using var other = await browser.NewReaderAsync(system.System.GatewayUrl);
        await voter.OpenAsync($"/articles/{article.Slug}");
        await other.OpenAsync($"/articles/{article.Slug}");
        var voterButton = voter.Page.GetByRole(AriaRole.Button, new() { Name = "veryGood!" });
        var otherButton = other.Page.GetByRole(AriaRole.Button, new() { Name = "veryGood!" });

        await voterButton.ClickAsync();

        await Expect(voterButton).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(voterButton).ToHaveAccessibleNameAsync("veryGood! (1)");
        // The other reader's page comes from the same cache entry and shows the count, never the voter's state.
        await other.OpenUntilAsync($"/articles/{article.Slug}", async _ => await otherButton.TextContentAsync() is { } text && text.Contains("(1)"));
        await Expect(otherButton).ToHaveAttributeAsync("aria-pressed", "false");
        await voter.OpenAsync($"/articles/{article.Slug}");
        await Expect(voterButton).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Empty(voter.Errors);
        Assert.Empty(other.Errors);
    }

    [Fact]
    public async Task Should_show_each_reader_their_own_recommendations()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        await using var fan = await browser.NewReaderAsync(system.System.GatewayUrl);
        await using var newcomer = await browser.NewReaderAsync(system.System.GatewayUrl);
        await fan.OpenAsync($"/articles/{slug}");
        await newcomer.OpenAsync($"/articles/{slug}");
        // The fan likes three sports stories: their recommendations leave those out and lean to sport.
        var sports = await system.Gateway.GetFromJsonAsync<JsonElement>("/api/articles?topic=sports&limit=3", Cancellation);
        foreach (var item in sports.GetProperty("items").EnumerateArray())
        {
            var vote = await fan.Context.APIRequest.PostAsync($"/api/articles/{item.GetProperty("id").GetString()}/votes");
            Assert.Equal(200, vote.Status);
        }

        foreach (var reader in new[] { fan, newcomer })
        {
            // What the page shows is what the API recommends to that reader (without the article and Ranking's items).
            await reader.OpenUntilAsync($"/articles/{slug}", async page =>
            {
                var shown = await RecommendedOnPageAsync(page);
                var own = await RecommendedByApiAsync(reader, page);
                return shown.Count > 0 && shown.SequenceEqual(own);
            });
            var onPage = await RecommendedOnPageAsync(reader.Page);
            Assert.Equal(await RecommendedByApiAsync(reader, reader.Page), onPage);
            Assert.Empty(reader.Errors);
        }
        var fanList = await RecommendedOnPageAsync(fan.Page);
        Assert.DoesNotContain(fanList, id => sports.GetProperty("items").EnumerateArray().Any(item => item.GetProperty("id").GetString() == id));
    }

    private static async Task<List<string>> RecommendedOnPageAsync(IPage page) =>
        (await page.Locator("#recommendation li[data-id]").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.id)")).ToList();

    /// <summary>The reader's recommendations from the API with their own cookie, as the page shows them.</summary>
    private static async Task<List<string>> RecommendedByApiAsync(Reader reader, IPage page)
    {
        var response = await reader.Context.APIRequest.GetAsync("/api/recommendations?limit=17");
        var items = (await response.JsonAsync())!.Value.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!);
        var article = await page.Locator("button[data-article]").GetAttributeAsync("data-article");
        var ranking = await page.Locator("#ranking li[data-id]").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.id)");
        return items.Where(id => id != article && !ranking.Contains(id)).Take(8).ToList();
    }

    [Fact]
    public async Task Should_set_no_cookie_on_a_shared_page_and_give_one_with_the_readers_own_part()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);
        var own = reader.Page.WaitForResponseAsync(response => response.Url.Contains("/api/readers/me", StringComparison.Ordinal));

        var page = await reader.OpenAsync($"/articles/{slug}");

        Assert.Null(await page.HeaderValueAsync("set-cookie"));
        Assert.StartsWith("public", await page.HeaderValueAsync("cache-control"));
        var part = await own;
        Assert.NotNull(await part.HeaderValueAsync("set-cookie"));
        Assert.Contains("no-store", await part.HeaderValueAsync("cache-control"));
        Assert.Single(await reader.Context.CookiesAsync(), cookie => cookie.Name == "reader");
        var front = await reader.OpenAsync("/");
        Assert.Null(await front.HeaderValueAsync("set-cookie"));
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_turn_the_page_of_a_withdrawn_article_into_410_within_the_cache_lifetime()
    {
        var article = await system.PublishAsync("A story soon withdrawn", "<p>Not for long.</p>", Cancellation, "world");
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);
        Assert.Equal(200, (await reader.OpenAsync($"/articles/{article.Slug}")).Status);
        using var newsroom = system.Newsroom();

        Assert.Equal(HttpStatusCode.Accepted, (await newsroom.DeleteAsync($"/api/ingest/articles/{article.ExternalId}", Cancellation)).StatusCode);

        // From the moment Articles itself says 410, the shared page may be one cache lifetime (1 s) behind, no more;
        // the margin is for a busy machine.
        using var articles = new HttpClient { BaseAddress = system.System.Process("articles").Address };
        await Eventually.GetAsync(() => articles.GetAsync($"/api/articles/{article.Id}", Cancellation), r => r.StatusCode == HttpStatusCode.Gone);
        var withdrawn = Stopwatch.StartNew();
        var status = 200;
        while (status != 410 && withdrawn.Elapsed < TimeSpan.FromSeconds(10))
        {
            status = (await reader.OpenAsync($"/articles/{article.Slug}")).Status;
        }
        Assert.Equal(410, status);
        Assert.True(withdrawn.Elapsed < TimeSpan.FromSeconds(3), $"the page turned 410 {withdrawn.Elapsed.TotalSeconds:F1} s after the withdrawal");
    }
}

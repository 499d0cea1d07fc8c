using System.Text.RegularExpressions;

namespace Publishing.Browser.Tests;

public sealed class Reading_the_front_page(DemoSystem system, BrowserFixture browser)
{
    [Fact]
    public async Task Should_list_the_latest_articles_each_linking_to_its_article_page()
    {
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        var response = await reader.OpenAsync("/");

        Assert.Equal(200, response.Status);
        var latest = reader.Page.GetByRole(AriaRole.Region, new() { Name = "Latest" }).Locator("a[href^='/articles/']");
        Assert.True(await latest.CountAsync() >= 10, $"only {await latest.CountAsync()} latest articles");
        // The seed leads the demo content; articles other tests publish may come before it.
        await Expect(latest.Filter(new() { HasText = DemoSystem.SeedHeadline })).ToHaveCountAsync(1);
        await reader.ScreenshotAsync("front-page");

        var next = latest.Nth(1);
        var headline = await next.InnerTextAsync();
        await next.ClickAsync();
        await Expect(reader.Page).ToHaveURLAsync(new Regex("/articles/[^/]+$"));
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(headline);
        Assert.Empty(reader.Errors);
    }

    /// <summary>Needs the Ranking service's <c>/api/trending</c>.</summary>
    [Fact]
    public async Task Should_show_the_trending_list_linking_to_article_pages()
    {
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);
        var trending = reader.Page.GetByRole(AriaRole.Complementary, new() { Name = "Trending" }).Locator("a[href^='/articles/']");

        await reader.OpenUntilAsync("/", async _ => await trending.CountAsync() > 0);

        Assert.True(await trending.CountAsync() > 0, "the front page shows no trending article");
        var first = await trending.First.InnerTextAsync();
        await trending.First.ClickAsync();
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(first);
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_list_only_the_articles_of_a_topic_when_asked()
    {
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        await reader.OpenAsync("/");
        await reader.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Sports" }).ClickAsync();

        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sports");
        var stories = reader.Page.Locator(".stories > li");
        Assert.True(await stories.CountAsync() >= 10);
        foreach (var story in await stories.AllAsync())
        {
            await Expect(story.GetByRole(AriaRole.List, new() { Name = "Topics" })).ToContainTextAsync("Sports");
        }
        Assert.Empty(reader.Errors);
    }
}

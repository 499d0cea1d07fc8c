using System.Net;
using Publishing.Testing;

namespace Publishing.Browser.Tests;

public sealed class Missing_pages(DemoSystem system, BrowserFixture browser)
{
    [Fact]
    public async Task Should_answer_an_unknown_article_with_a_404_page()
    {
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        var response = await reader.OpenAsync("/articles/no-such-article-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(404, response.Status);
        Assert.StartsWith("text/html", await response.HeaderValueAsync("content-type"));
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await reader.ScreenshotAsync("not-found-page");
        await reader.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Go to the front page" }).ClickAsync();
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Latest news");
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_answer_any_other_unknown_address_with_a_404_page()
    {
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        var response = await reader.OpenAsync("/no/such/page");

        Assert.Equal(404, response.Status);
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_answer_a_withdrawn_article_with_a_410_page()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var article = await system.PublishAsync("A story its newsroom takes back", "<p>Soon gone.</p>", cancellation, "world");
        using var newsroom = system.Newsroom();
        Assert.Equal(HttpStatusCode.Accepted, (await newsroom.DeleteAsync($"/api/ingest/articles/{article.ExternalId}", cancellation)).StatusCode);
        var gone = await Eventually.GetAsync(() => system.Gateway.GetAsync($"/api/articles/{article.Id}", cancellation), r => r.StatusCode == HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        var response = await reader.OpenAsync($"/articles/{article.Slug}");

        Assert.Equal(410, response.Status);
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Article withdrawn");
        Assert.Empty(reader.Errors);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Publishing.Browser.Tests;

public sealed class Reading_an_article(DemoSystem system, BrowserFixture browser)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Should_show_the_headline_date_dateline_and_body_of_the_seed_article()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        var response = await reader.OpenAsync($"/articles/{slug}");

        Assert.Equal(200, response.Status);
        var article = reader.Page.GetByRole(AriaRole.Article);
        await Expect(article.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DemoSystem.SeedHeadline);
        await Expect(article.Locator("header time[datetime]")).ToBeVisibleAsync();
        await Expect(article.Locator("header")).ToContainTextAsync("SEOUL, South Korea (AP)");
        var paragraphs = Regex.Matches((string)DemoSystem.SeedPage["article"]!["body"]!, "<p>").Count;
        await Expect(article.Locator(".story-body > p")).ToHaveCountAsync(paragraphs);
        await Expect(article.Locator(".story-body")).ToContainTextAsync("North Korean leader Kim Jong Un called for bolstered war readiness");
        await Expect(reader.Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^veryGood! \(\d+\)$") })).ToBeVisibleAsync();
        await reader.ScreenshotAsync("article-page");
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_say_when_a_revised_article_was_updated_and_not_before_it_was()
    {
        var published = await system.PublishAsync("Bridge closes for repairs", "<p>The bridge closes on Monday.</p>", Cancellation, "world");
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);
        await reader.OpenAsync($"/articles/{published.Slug}");
        await Expect(reader.Page.Locator(".story-head .published")).ToBeVisibleAsync();
        await Expect(reader.Page.Locator(".story-head .updated")).ToHaveCountAsync(0);

        using var newsroom = system.Newsroom();
        var revised = await newsroom.PostAsJsonAsync("/api/ingest/articles", new
        {
            externalId = published.ExternalId,
            revision = 2,
            headline = "Bridge closes for repairs",
            body = "<p>The bridge closes on Tuesday, not Monday.</p>",
            topics = new[] { "world" },
            publishedAt = DateTimeOffset.UtcNow.AddDays(-7),
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);

        await reader.OpenUntilAsync($"/articles/{published.Slug}", async page => await page.Locator(".story-head .updated").CountAsync() == 1);
        await Expect(reader.Page.Locator(".story-head .updated")).ToContainTextAsync("Updated");
        await Expect(reader.Page.Locator(".story-head .updated time[datetime]")).ToBeVisibleAsync();
        await Expect(reader.Page.Locator(".story-body")).ToContainTextAsync("Tuesday");
        Assert.Empty(reader.Errors);
    }

    /// <summary>Needs the Voting service (the demo content's votes).</summary>
    [Fact]
    public async Task Should_show_the_seed_article_with_its_two_votes()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        var shown = (int)DemoSystem.SeedPage["votes_shown"]!;
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        await reader.OpenAsync($"/articles/{slug}");

        var button = reader.Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^veryGood!") });
        await Expect(button).ToHaveAccessibleNameAsync($"veryGood! ({shown})");
        await Expect(button).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.Empty(reader.Errors);
    }

    /// <summary>Needs the Ranking service (related, trending and recommendations).</summary>
    [Fact]
    public async Task Should_list_related_ranking_and_recommended_links_to_other_articles()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);
        string[] lists = ["Related", "Ranking", "Recommendation"];
        ILocator Links(string list) => reader.Page.GetByRole(AriaRole.Region, new() { Name = list, Exact = true }).Locator("a[href^='/articles/']");

        await reader.OpenUntilAsync($"/articles/{slug}", async _ =>
        {
            foreach (var list in lists)
            {
                if (await Links(list).CountAsync() == 0) return false;
            }
            return true;
        });

        await reader.ScreenshotAsync("article-page-with-lists");
        foreach (var list in lists)
        {
            var links = await Links(list).AllAsync();
            Assert.True(links.Count > 0, $"the {list} list is empty");
            foreach (var link in links)
            {
                var href = await link.GetAttributeAsync("href");
                Assert.NotEqual($"/articles/{slug}", href);
                Assert.False(string.IsNullOrWhiteSpace(await link.InnerTextAsync()), $"a link without text in {list}");
            }
        }
        // A new reader's recommendations are trending articles: the page does not show the same ones twice.
        var ranked = await Task.WhenAll((await Links("Ranking").AllAsync()).Select(link => link.GetAttributeAsync("href")));
        var recommended = await Task.WhenAll((await Links("Recommendation").AllAsync()).Select(link => link.GetAttributeAsync("href")));
        Assert.Empty(ranked.Intersect(recommended));
        var related = Links("Related").First;
        var headline = await related.InnerTextAsync();
        await related.ClickAsync();
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(headline);
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_be_readable_without_javascript()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl, javaScript: false);

        await reader.OpenAsync($"/articles/{slug}");

        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DemoSystem.SeedHeadline);
        await Expect(reader.Page.Locator(".story-body > p").First).ToBeVisibleAsync();
        await Expect(reader.Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^veryGood! \(\d+\)$") })).ToBeVisibleAsync();
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_give_a_new_reader_the_reader_cookie_on_the_first_visit()
    {
        var slug = await system.SeedSlugAsync(Cancellation);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);
        Assert.Empty(await reader.Context.CookiesAsync());

        await reader.OpenAsync($"/articles/{slug}");

        var cookie = Assert.Single(await reader.Context.CookiesAsync(), c => c.Name == "reader");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        var again = await reader.OpenAsync("/");
        Assert.Null(await again.HeaderValueAsync("set-cookie"));
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_show_the_headline_the_newsroom_sent_as_text()
    {
        // Ingest keeps headlines plain text: markup is dropped and character references decoded, so this is how a
        // headline that reads as markup reaches the page, which must show it as the text it is.
        const string headline = "Tags <b>stay</b> text & \"quotes\" <img src=x onerror=alert(1)>";
        const string sent = "Tags &lt;b&gt;stay&lt;/b&gt; text &amp; \"quotes\" &lt;img src=x onerror=alert(1)&gt;";
        var topic = "encoding-" + Guid.NewGuid().ToString("N")[..8];
        var article = await system.PublishAsync(sent, "<p>A safe paragraph.</p>", Cancellation, topic);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        await reader.OpenAsync($"/articles/{article.Slug}");

        var title = reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(title).ToHaveTextAsync(headline);
        await Expect(title.Locator("b, img")).ToHaveCountAsync(0);
        Assert.Equal(headline + " · The Newsroom", await reader.Page.TitleAsync());
        await reader.OpenAsync($"/?topic={topic}");
        var latest = reader.Page.GetByRole(AriaRole.Region, new() { Name = "Latest" });
        await Expect(latest.GetByRole(AriaRole.Link, new() { Name = headline, Exact = true })).ToHaveCountAsync(1);
        Assert.Empty(reader.Errors);
    }

    /// <summary>Needs the body sanitized on ingest (API.md: no script, no event handlers, no javascript: URLs).</summary>
    [Fact]
    public async Task Should_show_a_body_without_the_scripts_it_was_sent_with()
    {
        var article = await system.PublishAsync("A body with scripts in it",
            "<p>A safe paragraph.</p><script>alert(2)</script><p onclick=\"alert(3)\">Another <a href=\"javascript:alert(4)\">link</a>.</p>",
            Cancellation, "world");
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        await reader.OpenAsync($"/articles/{article.Slug}");

        var body = reader.Page.Locator(".story-body");
        await Expect(body).ToContainTextAsync("A safe paragraph.");
        await Expect(body.Locator("script, [onclick], a[href^='javascript']")).ToHaveCountAsync(0);
        await body.GetByText("link").ClickAsync();
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_send_a_reader_from_an_article_id_to_its_one_address_and_name_it_for_shared_links()
    {
        var article = await system.PublishAsync("An article known by its id", "<p>Body.</p>", Cancellation, "world");
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);

        await reader.OpenAsync($"/articles/{article.Id}");

        Assert.EndsWith($"/articles/{article.Slug}", reader.Page.Url);
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("An article known by its id");
        // What search engines index, and what social networks and chat apps show for a shared link.
        Assert.Equal(reader.Page.Url, await reader.Page.Locator("link[rel=canonical]").GetAttributeAsync("href"));
        Assert.Equal(reader.Page.Url, await Meta(reader, "og:url"));
        Assert.Equal("An article known by its id", await Meta(reader, "og:title"));
        Assert.Equal("article", await Meta(reader, "og:type"));
        Assert.Equal("The Newsroom", await Meta(reader, "og:site_name"));
        Assert.True(DateTimeOffset.TryParse(await Meta(reader, "article:published_time"), out _));
        Assert.Equal("World", await Meta(reader, "article:tag"));
        Assert.Empty(reader.Errors);
    }

    private static Task<string?> Meta(Reader reader, string property) =>
        reader.Page.Locator($"meta[property='{property}']").GetAttributeAsync("content");
}

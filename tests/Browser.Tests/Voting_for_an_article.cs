namespace Publishing.Browser.Tests;

/// <summary>Needs the Voting service's <c>/api/articles/{id}/votes</c>.</summary>
public sealed class Voting_for_an_article(DemoSystem system, BrowserFixture browser)
{
    [Fact]
    public async Task Should_count_the_vote_without_a_reload_keep_it_and_retract_it()
    {
        var article = await system.PublishAsync("A story worth a vote", "<p>Very good indeed.</p>", TestContext.Current.CancellationToken, "world");
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);
        await reader.OpenAsync($"/articles/{article.Slug}");
        var button = reader.Page.GetByRole(AriaRole.Button, new() { Name = "veryGood!" });
        await Expect(button).ToHaveAccessibleNameAsync("veryGood! (0)");
        await Expect(button).ToHaveAttributeAsync("aria-pressed", "false");
        // A page that reloads loses this; one that only updates the button keeps it.
        await reader.Page.EvaluateAsync("() => { window.stillTheSamePage = true; }");

        await button.ClickAsync();

        await Expect(button).ToHaveAccessibleNameAsync("veryGood! (1)");
        await Expect(button).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.True(await reader.Page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the page was reloaded");
        await reader.ScreenshotAsync("article-page-voted");

        await reader.OpenUntilAsync($"/articles/{article.Slug}", async page => await button.GetAttributeAsync("aria-pressed") == "true");
        await Expect(button).ToHaveAccessibleNameAsync("veryGood! (1)");
        await Expect(button).ToHaveAttributeAsync("aria-pressed", "true");

        // Retracting, from the keyboard this time.
        await button.FocusAsync();
        await reader.Page.Keyboard.PressAsync("Enter");

        await Expect(button).ToHaveAccessibleNameAsync("veryGood! (0)");
        await Expect(button).ToHaveAttributeAsync("aria-pressed", "false");
        await reader.OpenUntilAsync($"/articles/{article.Slug}", async page => await button.GetAttributeAsync("aria-pressed") == "false");
        await Expect(button).ToHaveAccessibleNameAsync("veryGood! (0)");
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public async Task Should_count_and_retract_the_vote_of_a_reader_whose_browser_runs_no_script()
    {
        var article = await system.PublishAsync("A story for readers without scripts", "<p>Plain HTML will do.</p>", TestContext.Current.CancellationToken, "world");
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl, javaScript: false);
        await reader.OpenAsync($"/articles/{article.Slug}");
        var button = reader.Page.GetByRole(AriaRole.Button, new() { Name = "veryGood!" });
        await Expect(button).ToHaveAccessibleNameAsync("veryGood! (0)");

        await button.ClickAsync();

        // The page is the one every reader shares: it shows the count, and the button asks to toggle this reader's vote.
        await reader.Page.WaitForURLAsync($"**/articles/{article.Slug}#vote");
        await reader.OpenUntilAsync($"/articles/{article.Slug}", async page => await button.TextContentAsync() is { } text && text.Contains("(1)"));
        await Expect(button).ToHaveAccessibleNameAsync("veryGood! (1)");
        await reader.ScreenshotAsync("article-page-voted-without-script");

        await button.ClickAsync();

        await reader.OpenUntilAsync($"/articles/{article.Slug}", async page => await button.TextContentAsync() is { } text && text.Contains("(0)"));
        await Expect(button).ToHaveAccessibleNameAsync("veryGood! (0)");
        Assert.Empty(reader.Errors);
    }
}

using Publishing.Testing;

namespace Publishing.Browser.Tests;

public sealed class Reading_the_api_reference(DemoSystem system, BrowserFixture browser)
{
    [Fact]
    public async Task Should_show_the_whole_api_with_no_request_leaving_the_site()
    {
        // The gateway has a document once every service described its API, soon after the system starts.
        var document = await Eventually.GetAsync(() => system.Gateway.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken), r => r.IsSuccessStatusCode);
        Assert.True(document.IsSuccessStatusCode);
        await using var reader = await browser.NewReaderAsync(system.System.GatewayUrl);
        var requested = new List<string>();
        reader.Context.Request += (_, request) => { lock (requested) { requested.Add(request.Url); } };

        var response = await reader.OpenAsync("/api-reference");

        Assert.Equal(200, response.Status);
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Name = "Publishing API" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // One section per resource, from every service and from the gateway itself.
        var sidebar = reader.Page.GetByRole(AriaRole.Complementary, new() { Name = "Sidebar for Publishing API" });
        foreach (var tag in new[] { "Ingest", "Articles", "Votes", "Trending", "Related", "Recommendations", "Feeds" })
        {
            await Expect(sidebar).ToContainTextAsync(tag);
        }
        // The reference renders the operations of the section a reader opens.
        await sidebar.GetByRole(AriaRole.Link, new() { Name = "Ingest", Exact = true }).ClickAsync();
        await Expect(reader.Page.GetByRole(AriaRole.Link, new() { Name = "post /api/ingest/ninjs", Exact = true }).First).ToBeAttachedAsync();
        await reader.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await reader.ScreenshotAsync("api-reference");
        var site = system.System.GatewayUrl.GetLeftPart(UriPartial.Authority);
        List<string> offSite;
        lock (requested) { offSite = requested.Where(url => !url.StartsWith(site + "/", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal) && !url.StartsWith("blob:", StringComparison.Ordinal)).ToList(); }
        Assert.Empty(offSite);
        Assert.Contains(site + "/openapi/v1.json", requested);
        Assert.Empty(reader.Errors);
    }
}

using System.Net;

namespace Publishing.Gateway.Tests;

/// <summary>The Atom feed and the sitemap when the Articles service cannot answer (its address leads nowhere here).</summary>
public sealed class Serving_feeds_without_articles : IAsyncLifetime
{
    private readonly GatewayFactory _gateway = new();

    [Theory]
    [InlineData("/feed.atom")]
    [InlineData("/sitemap.xml")]
    public async Task Should_answer_503_with_retry_after_rather_than_an_empty_list(string path)
    {
        using var client = _gateway.Client();

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();
}

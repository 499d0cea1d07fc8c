using System.Net;

namespace Publishing.Gateway.Tests;

/// <summary>The Atom feed when the Articles service cannot answer (its address leads nowhere here).</summary>
public sealed class Serving_the_feed : IAsyncLifetime
{
    private readonly GatewayFactory _gateway = new();

    [Fact]
    public async Task Should_answer_503_with_retry_after_rather_than_an_empty_feed()
    {
        using var client = _gateway.Client();

        var response = await client.GetAsync("/feed.atom", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();
}

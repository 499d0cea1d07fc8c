using System.Net;

namespace Publishing.Gateway.Tests;

/// <summary>What the gateway serves of the API reference itself, with no service answering (their addresses lead nowhere here).</summary>
public sealed class Serving_the_api_reference : IAsyncLifetime
{
    private readonly GatewayFactory _gateway = new();

    [Fact]
    public async Task Should_answer_503_with_retry_after_rather_than_a_document_missing_the_services()
    {
        using var client = _gateway.Client();

        var response = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Should_serve_the_reference_page_and_its_script_from_the_gateway_itself()
    {
        using var client = _gateway.Client();

        var page = await client.GetAsync("/api-reference/", TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);
        Assert.DoesNotContain("cdn.", html);
        var script = await client.GetAsync("/api-reference/scalar.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    /// <summary>Browsers ask for it on any document that names no icon; a 404 there is an error in every console.</summary>
    [Fact]
    public async Task Should_serve_the_site_icon_where_browsers_look_for_it()
    {
        using var client = _gateway.Client();

        var response = await client.GetAsync("/favicon.ico", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).TrimStart());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();
}

using System.Net;
using System.Text.Json;

namespace Publishing.Gateway.Tests;

/// <summary>
/// The ingest API's body limits, answered by the gateway before anything is proxied. The services' addresses lead
/// nowhere here, so a body within its limit is passed on and fails there (502): the test tells the two apart.
/// </summary>
public sealed class Limiting_ingest_bodies : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private readonly GatewayFactory _gateway = new();

    private static HttpContent Body(int bytes, bool knownLength)
    {
        var content = new byte[bytes];
        Array.Fill(content, (byte)'a');
        HttpContent body = knownLength ? new ByteArrayContent(content) : new StreamContent(new UnknownLengthStream(content));
        body.Headers.ContentType = new("application/json");
        return body;
    }

    /// <summary>Any key will do: the gateway only asks that one is presented; Ingest checks it.</summary>
    private static HttpRequestMessage WithKey(string path, HttpContent body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Headers.Add("X-Api-Key", "some-key");
        return request;
    }

    [Theory]
    [InlineData("/api/ingest/articles", MiB + 1, true)]
    [InlineData("/api/ingest/articles", MiB + 1, false)]
    [InlineData("/api/ingest/ninjs", MiB + 1, true)]
    [InlineData("/api/ingest/articles/batch", 16 * MiB + 1, true)]
    [InlineData("/api/ingest/articles/batch", 16 * MiB + 1, false)]
    [InlineData("/api/ingest/ninjs/batch", 16 * MiB + 1, true)]
    public async Task Should_answer_413_as_problem_json_to_a_body_over_its_limit(string path, int bytes, bool knownLength)
    {
        using var client = _gateway.Client();

        var response = await client.SendAsync(WithKey(path, Body(bytes, knownLength)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("/api/ingest/articles", MiB, true)]
    [InlineData("/api/ingest/articles", MiB, false)]
    [InlineData("/api/ingest/articles/batch", 2 * MiB, true)]
    [InlineData("/api/ingest/articles/batch", 2 * MiB, false)]
    [InlineData("/api/ingest/ninjs/batch", 2 * MiB, true)]
    public async Task Should_pass_on_a_body_within_its_limit(string path, int bytes, bool knownLength)
    {
        using var client = _gateway.Client();

        var response = await client.SendAsync(WithKey(path, Body(bytes, knownLength)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/ingest/articles", true)]
    [InlineData("/api/ingest/articles/batch", false)]
    [InlineData("/api/ingest/ninjs", false)]
    public async Task Should_answer_401_problem_to_a_body_without_a_key(string path, bool knownLength)
    {
        using var client = _gateway.Client();

        var response = await client.PostAsync(path, Body(1024, knownLength), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.ToString());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();
}

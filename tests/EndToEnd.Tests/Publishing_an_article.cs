using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

public sealed class Publishing_an_article(SystemFixture system)
{
    private static object Submission(string externalId, string headline) => new
    {
        externalId,
        headline,
        body = "<p>SEOUL, South Korea (AP) — a first paragraph.</p>",
        topics = new[] { "World" },
    };

    [Fact]
    public async Task Should_be_readable_through_the_gateway_after_ingest()
    {
        using var newsroom = system.Newsroom();
        var externalId = "e2e-" + Guid.NewGuid().ToString("N");

        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", Submission(externalId, "Kim vows to bolster war readiness"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = receipt.GetProperty("id").GetString()!;
        Assert.Equal($"/api/articles/{id}", response.Headers.Location?.ToString());

        var article = await Eventually.GetAsync(
            () => system.Gateway.GetAsync($"/api/articles/{id}", TestContext.Current.CancellationToken),
            r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        var body = await article.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Kim vows to bolster war readiness", body.GetProperty("headline").GetString());
        Assert.Equal(receipt.GetProperty("slug").GetString(), body.GetProperty("slug").GetString());

        var bySlug = await system.Gateway.GetAsync($"/api/articles/{receipt.GetProperty("slug").GetString()}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, bySlug.StatusCode);
    }

    [Fact]
    public async Task Should_answer_the_lists_and_readiness_through_the_gateway()
    {
        foreach (var path in new[] { "/api/articles", "/api/trending", "/health/ready", "/health/live" })
        {
            var response = await system.Gateway.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Should_refuse_a_submission_without_a_key_as_problem_json()
    {
        var response = await system.Gateway.PostAsJsonAsync("/api/ingest/articles", Submission("no-key", "No key"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }
}

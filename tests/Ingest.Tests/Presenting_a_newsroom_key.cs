using System.Net;
using static Publishing.Ingest.Tests.Http;

namespace Publishing.Ingest.Tests;

public sealed class Presenting_a_newsroom_key(IngestService service) : IClassFixture<IngestService>
{
    public static TheoryData<string, string?> Refused => new()
    {
        { "none", null },
        { "Authorization", "ApiKey not-a-key" },
        { "Authorization", "ApiKey " },
        { "Authorization", "Bearer " + IngestService.KeyA },
        { "Authorization", "ApiKey " + IngestService.KeyA + "x" },
        { "X-Api-Key", "not-a-key" },
        { "X-Api-Key", IngestService.KeyA.ToUpperInvariant() },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Should_answer_401_to_a_missing_or_unknown_key_on_every_endpoint_and_change_nothing(string header, string? value)
    {
        using var client = service.Anonymous();
        if (value is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        }
        var before = await service.SnapshotAsync();

        var answers = new[]
        {
            await client.PostAsync("/api/ingest/articles", Json(Article(NewId())), Cancellation),
            await client.PostAsync("/api/ingest/articles/batch", Json(new[] { Article(NewId()) }), Cancellation),
            await client.PostAsync("/api/ingest/ninjs", Json("""{ "uri": "urn:x:1" }"""), Cancellation),
            await client.DeleteAsync("/api/ingest/articles/x", Cancellation),
        };

        foreach (var response in answers)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.BodyAsync()).TryGetProperty("traceId", out _));
        }
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Theory]
    [InlineData("Authorization", "ApiKey " + IngestService.KeyA)]
    [InlineData("Authorization", "apikey " + IngestService.KeyA)]
    [InlineData("X-Api-Key", IngestService.KeyA)]
    [InlineData("X-Api-Key", IngestService.KeyB)]
    public async Task Should_admit_a_known_key_in_either_header(string header, string value)
    {
        using var client = service.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);

        var response = await client.PostAsync("/api/ingest/articles", Json(Article(NewId())), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}

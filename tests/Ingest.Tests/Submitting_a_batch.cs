using System.Net;
using System.Text;
using System.Text.Json;
using static Publishing.Ingest.Tests.Http;

namespace Publishing.Ingest.Tests;

/// <summary>POST /api/ingest/articles/batch: a JSON array or NDJSON, one result per item, each item on its own.</summary>
public sealed class Submitting_a_batch(IngestService service) : IClassFixture<IngestService>
{
    private static long OutboxEver(string snapshot) => long.Parse(snapshot.Split('\n')[0]["outbox ".Length..]);

    [Fact]
    public async Task Should_answer_one_result_per_item_in_order_each_accepted_or_refused_on_its_own()
    {
        using var newsroom = service.Newsroom();
        var known = NewId();
        await newsroom.PostAsync("/api/ingest/articles", Json(Article(known, 5)), Cancellation);
        var first = NewId();
        var items = new object[]
        {
            Article(first, 1),
            new { externalId = NewId(), body = "<p>No headline</p>" },
            Article(known, 4),
            Article(NewId(), 1),
            "not an object",
            Article(first, 2, "The same article revised in the same batch"),
        };
        var before = OutboxEver(await service.SnapshotAsync());

        var response = await newsroom.PostAsync("/api/ingest/articles/batch", Json(items), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.BodyAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(["accepted", "invalid", "conflict", "accepted", "invalid", "accepted"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(["headline"], results[1].GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.False(results[1].TryGetProperty("id", out var noId) && noId.ValueKind != JsonValueKind.Null);
        Assert.Equal(results[0].GetProperty("id").GetGuid(), results[5].GetProperty("id").GetGuid());
        Assert.Equal(2, results[5].GetProperty("revision").GetInt32());
        Assert.Equal(before + 3, OutboxEver(await service.SnapshotAsync()));
    }

    [Fact]
    public async Task Should_refuse_only_the_bad_line_of_ndjson()
    {
        using var newsroom = service.Newsroom();
        var ndjson = new StringBuilder()
            .AppendLine(JsonSerializer.Serialize(Article(NewId())))
            .AppendLine("{ this is not json")
            .AppendLine()
            .AppendLine(JsonSerializer.Serialize(Article(NewId())))
            .Append(JsonSerializer.Serialize(Article(NewId(), revision: 0)))
            .ToString();

        var response = await newsroom.PostAsync("/api/ingest/articles/batch", Json(ndjson, "application/x-ndjson"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.BodyAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["accepted", "invalid", "accepted", "invalid"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(["$"], results[1].GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(["revision"], results[3].GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Should_accept_1000_items()
    {
        using var newsroom = service.Newsroom();
        var items = Enumerable.Range(0, 1000).Select(_ => Article(NewId())).ToArray();

        var response = await newsroom.PostAsync("/api/ingest/articles/batch", Json(items), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.BodyAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(1000, results.Count);
        Assert.All(results, r => Assert.Equal("accepted", r.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-ndjson")]
    public async Task Should_refuse_more_than_1000_items_with_400_and_change_nothing(string mediaType)
    {
        using var newsroom = service.Newsroom();
        var items = Enumerable.Range(0, 1001).Select(_ => JsonSerializer.Serialize(Article(NewId()))).ToArray();
        var body = mediaType == "application/json" ? "[" + string.Join(',', items) + "]" : string.Join('\n', items);
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/articles/batch", Json(body, mediaType), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$"], await response.ErrorFieldsAsync());
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_answer_413_to_a_batch_over_16_MiB_and_change_nothing()
    {
        using var newsroom = service.Newsroom();
        var big = Article(NewId());
        big["body"] = new string('b', 500 * 1024);
        var items = Enumerable.Range(0, 34).Select(_ => new Dictionary<string, object?>(big) { ["externalId"] = NewId() }).ToArray();
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/articles/batch", Json(items), Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Theory]
    [InlineData("{ \"externalId\": \"x\" }", "application/json")]
    [InlineData("[1, 2", "application/json")]
    public async Task Should_refuse_a_body_that_is_no_batch_with_400_and_change_nothing(string body, string mediaType)
    {
        using var newsroom = service.Newsroom();
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/articles/batch", Json(body, mediaType), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_answer_an_empty_batch_with_no_results()
    {
        using var newsroom = service.Newsroom();

        var response = await newsroom.PostAsync("/api/ingest/articles/batch", Json("[]"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.BodyAsync()).GetProperty("results").GetArrayLength());
    }
}

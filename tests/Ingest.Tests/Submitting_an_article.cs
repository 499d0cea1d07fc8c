using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Publishing.Contracts;
using static Publishing.Ingest.Tests.Http;

namespace Publishing.Ingest.Tests;

/// <summary>POST /api/ingest/articles in our JSON: every rule of API.md, and what a refusal leaves behind (nothing).</summary>
public sealed class Submitting_an_article(IngestService service) : IClassFixture<IngestService>
{
    private static readonly string Valid = JsonSerializer.Serialize(Article("rule-case"));

    /// <summary>A valid submission with one field set to <paramref name="value"/> (JSON), or removed when it is null.</summary>
    private static string With(string field, string? value)
    {
        var json = JsonNode.Parse(Valid)!.AsObject();
        json["externalId"] = NewId();
        json.Remove(field);
        if (value is not null)
        {
            json[field] = JsonNode.Parse(value);
        }
        return json.ToJsonString();
    }

    public static TheoryData<string, string?, string> BrokenRules => new()
    {
        { "externalId", null, "externalId" },
        { "externalId", "\"\"", "externalId" },
        { "externalId", JsonSerializer.Serialize(new string('a', 201)), "externalId" },
        { "externalId", "\"has space\"", "externalId" },
        { "externalId", "\"what?\"", "externalId" },
        { "externalId", "\"line\\nbreak\"", "externalId" },
        { "externalId", "42", "externalId" },
        { "revision", "0", "revision" },
        { "revision", "-1", "revision" },
        { "revision", "1.5", "revision" },
        { "revision", "\"2\"", "revision" },
        { "revision", "99999999999", "revision" },
        { "headline", null, "headline" },
        { "headline", "\"   \"", "headline" },
        { "headline", "\"<b></b>\"", "headline" },
        { "headline", JsonSerializer.Serialize(new string('h', 301)), "headline" },
        { "headline", "[\"a\"]", "headline" },
        { "body", null, "body" },
        { "body", "\"  \"", "body" },
        { "body", "\"<script>alert(1)</script>\"", "body" },
        { "body", JsonSerializer.Serialize(new string('b', 512 * 1024 + 1)), "body" },
        { "body", "{}", "body" },
        { "summary", JsonSerializer.Serialize(new string('s', 1001)), "summary" },
        { "byline", JsonSerializer.Serialize(new string('y', 201)), "byline" },
        { "dateline", JsonSerializer.Serialize(new string('d', 201)), "dateline" },
        { "dateline", "true", "dateline" },
        { "topics", JsonSerializer.Serialize(Enumerable.Range(0, 21).Select(i => $"topic-{i}")), "topics" },
        { "topics", "[\"\"]", "topics" },
        { "topics", "[\"!!!\"]", "topics" },
        { "topics", JsonSerializer.Serialize(new[] { new string('t', 65) }), "topics" },
        { "topics", "[1, 2]", "topics" },
        { "topics", "\"world\"", "topics" },
        { "language", "\"e1\"", "language" },
        { "language", "\"toolonglanguage\"", "language" },
        { "language", "\"en_US\"", "language" },
        { "language", "\"\"", "language" },
        { "publishedAt", "\"yesterday\"", "publishedAt" },
        { "publishedAt", "\"2025-04-16\"", "publishedAt" },
        { "publishedAt", "\"2025-04-16T18:29:53\"", "publishedAt" },
        { "publishedAt", "\"2025-02-30T18:29:53Z\"", "publishedAt" },
        { "publishedAt", JsonSerializer.Serialize(DateTimeOffset.UtcNow.AddDays(1).AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssZ")), "publishedAt" },
        { "publishedAt", "1713292193", "publishedAt" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Should_refuse_a_broken_rule_with_400_naming_the_field_and_change_nothing(string field, string? value, string named)
    {
        using var newsroom = service.Newsroom();
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/articles", Json(With(field, value)), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([named], await response.ErrorFieldsAsync());
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"article\"")]
    [InlineData("")]
    public async Task Should_refuse_a_body_that_is_not_a_json_object_with_400_and_change_nothing(string body)
    {
        using var newsroom = service.Newsroom();
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/articles", Json(body), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$"], await response.ErrorFieldsAsync());
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_name_every_broken_field_at_once()
    {
        using var newsroom = service.Newsroom();

        var response = await newsroom.PostAsync("/api/ingest/articles", Json("""{ "revision": 0, "language": "?", "topics": 3 }"""), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["body", "externalId", "headline", "language", "revision", "topics"], (await response.ErrorFieldsAsync()).Order());
    }

    [Theory]
    [InlineData("revision", null)]
    [InlineData("externalId", "\"AP:2023/12-27_kim.war\"")]
    [InlineData("externalId", "\"x\"")]
    [InlineData("language", "\"nb-NO\"")]
    [InlineData("language", "\"zh-Hant-TW\"")]
    [InlineData("publishedAt", "\"2025-04-16T20:29:53.123+02:00\"")]
    [InlineData("publishedAt", null)]
    [InlineData("topics", "[]")]
    [InlineData("summary", "null")]
    public async Task Should_accept_what_the_rules_allow(string field, string? value)
    {
        using var newsroom = service.Newsroom();
        var json = JsonNode.Parse(With(field, value))!.AsObject();
        if (field == "externalId")
        {
            json["externalId"] = $"{json["externalId"]}-{NewId()}";
        }

        var response = await newsroom.PostAsync("/api/ingest/articles", Json(json.ToJsonString()), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Should_answer_202_with_where_to_read_it_and_publish_the_sanitized_article()
    {
        using var newsroom = service.Newsroom();
        var externalId = NewId();
        var article = Article(externalId, revision: 1, headline: "  Kim <em>vows</em> to bolster war readiness ");
        article["body"] = """<p onclick="steal()">SEOUL <a href="javascript:alert(1)">(AP)</a> <a href="https://apnews.com/x">AP</a></p><script>alert(1)</script><iframe src="https://evil.example"></iframe>""";
        article["summary"] = "A <b>standfirst</b>";
        article["topics"] = new[] { " World ", "North Korea", "world" };

        var response = await newsroom.PostAsync("/api/ingest/articles", Json(article), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.BodyAsync();
        var id = receipt.GetProperty("id").GetGuid();
        Assert.Equal($"/api/articles/{id}", response.Headers.Location?.ToString());
        Assert.Equal(1, receipt.GetProperty("revision").GetInt32());
        Assert.Equal("accepted", receipt.GetProperty("status").GetString());
        Assert.StartsWith("kim-vows-to-bolster-war-readiness-", receipt.GetProperty("slug").GetString());

        var submitted = await service.NextSubmittedAsync(externalId);
        Assert.Equal((id, "newsroom-a", 1), (submitted.ArticleId, submitted.Source, submitted.Revision));
        Assert.Equal("Kim vows to bolster war readiness", submitted.Headline);
        Assert.Equal("A standfirst", submitted.Summary);
        Assert.Equal(["world", "north-korea"], submitted.Topics);
        Assert.Equal("en", submitted.Language);
        Assert.Equal(DateTimeOffset.Parse("2025-04-16T18:29:53Z"), submitted.PublishedAt);
        Assert.DoesNotContain("script", submitted.BodyHtml);
        Assert.DoesNotContain("onclick", submitted.BodyHtml);
        Assert.DoesNotContain("javascript:", submitted.BodyHtml);
        Assert.DoesNotContain("iframe", submitted.BodyHtml);
        Assert.Contains("""<a href="https://apnews.com/x">AP</a>""", submitted.BodyHtml);
    }

    [Fact]
    public async Task Should_answer_the_same_id_to_the_same_revision_sent_again_and_store_nothing_more()
    {
        using var newsroom = service.Newsroom();
        var article = Article(NewId(), revision: 2);
        var first = await (await newsroom.PostAsync("/api/ingest/articles", Json(article), Cancellation)).BodyAsync();
        var before = await service.SnapshotAsync();

        var again = await newsroom.PostAsync("/api/ingest/articles", Json(article), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var receipt = await again.BodyAsync();
        Assert.Equal(first.GetProperty("id").GetGuid(), receipt.GetProperty("id").GetGuid());
        Assert.Equal(first.GetProperty("slug").GetString(), receipt.GetProperty("slug").GetString());
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_treat_a_repeat_without_publishedAt_as_the_same_content()
    {
        using var newsroom = service.Newsroom();
        var article = Article(NewId());
        article.Remove("publishedAt");
        await newsroom.PostAsync("/api/ingest/articles", Json(article), Cancellation);
        var before = await service.SnapshotAsync();
        await Task.Delay(20, Cancellation);

        var again = await newsroom.PostAsync("/api/ingest/articles", Json(article), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_revise_in_place_with_a_higher_revision()
    {
        using var newsroom = service.Newsroom();
        var externalId = NewId();
        var first = await (await newsroom.PostAsync("/api/ingest/articles", Json(Article(externalId, 1)), Cancellation)).BodyAsync();
        await service.NextSubmittedAsync(externalId);

        var revised = await newsroom.PostAsync("/api/ingest/articles", Json(Article(externalId, 3, "Kim orders the army to be ready")), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);
        var receipt = await revised.BodyAsync();
        Assert.Equal(first.GetProperty("id").GetGuid(), receipt.GetProperty("id").GetGuid());
        Assert.Equal(3, receipt.GetProperty("revision").GetInt32());
        Assert.StartsWith("kim-orders-the-army-to-be-ready-", receipt.GetProperty("slug").GetString());
        var submitted = await service.NextSubmittedAsync(externalId);
        Assert.Equal((3, "Kim orders the army to be ready"), (submitted.Revision, submitted.Headline));
    }

    [Fact]
    public async Task Should_answer_409_to_a_lower_revision_or_to_the_same_revision_with_other_content_and_change_nothing()
    {
        using var newsroom = service.Newsroom();
        var externalId = NewId();
        await newsroom.PostAsync("/api/ingest/articles", Json(Article(externalId, 2)), Cancellation);
        var before = await service.SnapshotAsync();

        var lower = await newsroom.PostAsync("/api/ingest/articles", Json(Article(externalId, 1)), Cancellation);
        var changed = await newsroom.PostAsync("/api/ingest/articles", Json(Article(externalId, 2, "Another headline")), Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, lower.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Equal("application/problem+json", changed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_keep_the_articles_of_two_newsrooms_apart()
    {
        using var a = service.Newsroom(IngestService.KeyA);
        using var b = service.Newsroom(IngestService.KeyB);
        var externalId = NewId();

        var fromA = await (await a.PostAsync("/api/ingest/articles", Json(Article(externalId, 1)), Cancellation)).BodyAsync();
        var fromB = await b.PostAsync("/api/ingest/articles", Json(Article(externalId, 1, "The other newsroom's story")), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, fromB.StatusCode);
        Assert.NotEqual(fromA.GetProperty("id").GetGuid(), (await fromB.BodyAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Should_withdraw_a_known_article_with_202_and_refuse_to_revise_it_afterwards()
    {
        using var newsroom = service.Newsroom();
        var externalId = "urn:newsroom:" + NewId() + "/with/slashes";
        var id = (await (await newsroom.PostAsync("/api/ingest/articles", Json(Article(externalId, 1)), Cancellation)).BodyAsync()).GetProperty("id").GetGuid();

        var withdrawn = await newsroom.DeleteAsync($"/api/ingest/articles/{externalId}", Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, withdrawn.StatusCode);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        ArticleWithdrawalSubmitted withdrawal;
        do { withdrawal = await service.Withdrawals.Reader.ReadAsync(timeout.Token); } while (withdrawal.ExternalId != externalId);
        Assert.Equal((id, "newsroom-a"), (withdrawal.ArticleId, withdrawal.Source));
        var revised = await newsroom.PostAsync("/api/ingest/articles", Json(Article(externalId, 2)), Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, revised.StatusCode);
    }

    [Fact]
    public async Task Should_answer_404_to_withdrawing_an_unknown_article_or_another_newsrooms_and_change_nothing()
    {
        using var a = service.Newsroom(IngestService.KeyA);
        using var b = service.Newsroom(IngestService.KeyB);
        var externalId = NewId();
        await a.PostAsync("/api/ingest/articles", Json(Article(externalId, 1)), Cancellation);
        var before = await service.SnapshotAsync();

        var unknown = await a.DeleteAsync($"/api/ingest/articles/{NewId()}", Cancellation);
        var others = await b.DeleteAsync($"/api/ingest/articles/{externalId}", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_answer_413_to_a_body_over_1_MiB_and_change_nothing()
    {
        using var newsroom = service.Newsroom();
        var article = Article(NewId());
        article["summary"] = new string('x', 1024 * 1024);
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/articles", Json(article), Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_answer_415_to_a_body_that_is_not_json_and_change_nothing()
    {
        using var newsroom = service.Newsroom();
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/articles", Json(With("revision", "1"), "text/plain"), Cancellation);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await service.SnapshotAsync());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>The newsroom's side through the gateway, into the real ingest and articles processes over RabbitMQ.</summary>
public sealed class Ingesting_articles(SystemFixture system)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static object Submission(string externalId, int revision = 1, string headline = "Ingested end to end") => new
    {
        externalId,
        revision,
        headline,
        body = "<p>A paragraph.</p><script>alert(1)</script>",
        topics = new[] { "World" },
    };

    private Task<HttpResponseMessage> ReadAsync(string id, HttpStatusCode until) =>
        Eventually.GetAsync(() => system.Gateway.GetAsync($"/api/articles/{id}", Cancellation), r => r.StatusCode == until);

    [Theory]
    [InlineData(null, null)]
    [InlineData("Authorization", "ApiKey wrong-key")]
    [InlineData("X-Api-Key", "wrong-key")]
    public async Task Should_answer_401_without_a_known_key(string? header, string? value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/articles/batch") { Content = JsonContent.Create(new[] { Submission("no-key") }) };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        var response = await system.Gateway.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_answer_a_batch_with_one_result_per_item_and_make_the_accepted_ones_readable()
    {
        using var newsroom = system.Newsroom();
        var items = new object[]
        {
            Submission("e2e-batch-" + Guid.NewGuid().ToString("N")),
            new { externalId = "e2e-batch-invalid", body = "<p>No headline</p>" },
            Submission("e2e-batch-" + Guid.NewGuid().ToString("N"), headline: "The second accepted item"),
        };

        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles/batch", items, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["accepted", "invalid", "accepted"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.True(results[1].GetProperty("errors").TryGetProperty("headline", out _));
        var second = await ReadAsync(results[2].GetProperty("id").GetString()!, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var article = await second.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("The second accepted item", article.GetProperty("headline").GetString());
        Assert.DoesNotContain("script", article.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Should_carry_a_chunked_ndjson_batch_through_the_gateway_refusing_only_its_bad_line()
    {
        using var newsroom = system.Newsroom();
        var lines = string.Join('\n',
            JsonSerializer.Serialize(Submission("e2e-ndjson-" + Guid.NewGuid().ToString("N"))),
            "{ not json",
            JsonSerializer.Serialize(Submission("e2e-ndjson-" + Guid.NewGuid().ToString("N"))));
        // A stream of unknown length: the client sends it chunked.
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(lines)));
        content.Headers.ContentType = new("application/x-ndjson");

        var response = await newsroom.PostAsync("/api/ingest/articles/batch", content, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["accepted", "invalid", "accepted"], results.Select(r => r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Should_answer_413_at_the_gateway_to_a_chunked_body_over_1_MiB()
    {
        using var newsroom = system.Newsroom();
        var content = new StreamContent(new NonSeekableStream(new byte[1024 * 1024 + 1]));
        content.Headers.ContentType = new("application/json");

        var response = await newsroom.PostAsync("/api/ingest/ninjs", content, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task Should_answer_413_at_the_gateway_to_a_body_over_1_MiB()
    {
        using var newsroom = system.Newsroom();
        var body = JsonSerializer.Serialize(new { externalId = "e2e-too-large", headline = "Too large", body = new string('x', 1024 * 1024) });

        var response = await newsroom.PostAsync("/api/ingest/articles", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // The gateway's own answer, not the service's: the body never left the gateway.
        Assert.Contains("the most /api/ingest/articles accepts", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Should_make_a_ninjs_article_readable_at_its_id()
    {
        using var newsroom = system.Newsroom();
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ninjs", "examples_3.0_dpa_text.json")))!.AsObject();
        document["uri"] = $"urn:newsml:dpa.com:e2e-{Guid.NewGuid():N}";

        var response = await newsroom.PostAsync("/api/ingest/ninjs", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
        var read = await ReadAsync(id, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var article = await read.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?", article.GetProperty("headline").GetString());
        Assert.Equal(2, article.GetProperty("revision").GetInt32());
        Assert.Equal("de", article.GetProperty("language").GetString());
    }

    /// <summary>
    /// IPTC's test documents of every version, 1.0 to 3.1, in one NDJSON batch through the gateway, each under a uri of
    /// its own: every valid one accepted or not an article, every invalid one invalid. (The one that is not JSON, a
    /// string broken over lines, cannot stand on one line; the ingest service tests send it alone.)
    /// </summary>
    [Fact]
    public async Task Should_judge_IPTC_test_documents_of_every_version_as_IPTC_does()
    {
        using var newsroom = system.Newsroom();
        var folder = Path.Combine(AppContext.BaseDirectory, "Ninjs");
        var validUndeclared = File.ReadAllLines(Path.Combine(folder, "test_suite-valid-undeclared.txt")).Where(l => l.Length > 0 && l[0] != '#').ToHashSet();
        var documents = new List<(string Name, bool Valid, string Line)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "test_suite"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(Path.Combine(folder, "test_suite"), file).Replace('\\', '/');
            JsonNode? document;
            try
            {
                document = JsonNode.Parse(File.ReadAllText(file));
            }
            catch (JsonException)
            {
                continue;
            }
            if (document is JsonObject o && o["uri"]?.GetValueKind() == JsonValueKind.String)
            {
                o["uri"] = $"urn:e2e:{Guid.NewGuid():N}";
            }
            documents.Add((name, name.Contains("should_pass", StringComparison.Ordinal) || validUndeclared.Contains(name), document!.ToJsonString()));
        }

        var response = await newsroom.PostAsync("/api/ingest/ninjs/batch",
            new StringContent(string.Join('\n', documents.Select(d => d.Line)), Encoding.UTF8, "application/x-ndjson"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statuses = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("status").GetString()).ToList();
        Assert.True(documents.Count > 190, $"{documents.Count} documents");
        var wrong = documents.Zip(statuses)
            .Where(pair => pair.First.Valid != pair.Second is "accepted" or "not-an-article")
            .Select(pair => $"{pair.First.Name}: {pair.Second}");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Should_make_every_article_of_a_ninjs_batch_readable()
    {
        using var newsroom = system.Newsroom();
        var documents = Enumerable.Range(0, 3).Select(_ =>
        {
            var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ninjs", "examples_3.0_dpa_text.json")))!.AsObject();
            document["uri"] = $"urn:newsml:dpa.com:e2e-{Guid.NewGuid():N}";
            return document.ToJsonString();
        });

        var response = await newsroom.PostAsync("/api/ingest/ninjs/batch", new StringContent(string.Join('\n', documents), Encoding.UTF8, "application/x-ndjson"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        foreach (var result in results)
        {
            Assert.Equal("accepted", result.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await ReadAsync(result.GetProperty("id").GetString()!, HttpStatusCode.OK)).StatusCode);
        }
    }

    [Fact]
    public async Task Should_revise_in_place_refuse_an_older_revision_and_withdraw_to_410()
    {
        using var newsroom = system.Newsroom();
        var externalId = "e2e-revised-" + Guid.NewGuid().ToString("N");
        var id = (await (await newsroom.PostAsJsonAsync("/api/ingest/articles", Submission(externalId, 1), Cancellation))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
        await ReadAsync(id, HttpStatusCode.OK);

        var revised = await newsroom.PostAsJsonAsync("/api/ingest/articles", Submission(externalId, 2, "Revised end to end"), Cancellation);
        var older = await newsroom.PostAsJsonAsync("/api/ingest/articles", Submission(externalId, 1, "Older"), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, older.StatusCode);
        var read = await Eventually.GetAsync(
            async () => await (await system.Gateway.GetAsync($"/api/articles/{id}", Cancellation)).Content.ReadFromJsonAsync<JsonElement>(Cancellation),
            a => a.TryGetProperty("revision", out var r) && r.GetInt32() == 2);
        Assert.Equal("Revised end to end", read.GetProperty("headline").GetString());

        var withdrawn = await newsroom.DeleteAsync($"/api/ingest/articles/{externalId}", Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await ReadAsync(id, HttpStatusCode.Gone)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await newsroom.DeleteAsync($"/api/ingest/articles/e2e-unknown-{Guid.NewGuid():N}", Cancellation)).StatusCode);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Publishing.Ingest.Submissions;
using static Publishing.Ingest.Tests.Http;

namespace Publishing.Ingest.Tests;

/// <summary>
/// Random and mutated JSON thrown at the validators, our JSON and ninjs: whatever comes, the answer is an accepted
/// article or a refusal (400, 409, 413, 422), never a 500.
/// </summary>
public sealed class Throwing_random_json(IngestService service) : IClassFixture<IngestService>
{
    private static readonly string[] Fields =
    [
        "externalId", "revision", "headline", "summary", "body", "byline", "dateline", "topics", "language", "publishedAt",
        "uri", "version", "headlines", "bodies", "descriptions", "subjects", "by", "located", "versionCreated", "firstCreated",
        "headline", "body_html", "body_text", "subject", "versioncreated", "standard", "contentType", "role", "value", "name",
    ];

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String,
        Gen.OneOf("", " ", "<script>alert(1)</script>", "<p onclick=x>hi</p>", "2025-04-16T18:29:53Z", "9999-12-31T23:59:59Z",
            "main", "text/html", "text/plain", "3.1", "2.2", "1.6", "ninjs", "en", "urn:x:1", "\u0000", "\ud800", "12", "-1", "<", "&amp"),
        Gen.Char.Array[0, 400].Select(chars => new string(chars)));

    private static readonly Gen<JsonNode?> Leaf = Gen.OneOf(
        Gen.Const<JsonNode?>(() => null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Text.Select(s => (JsonNode?)JsonValue.Create(s)));

    private static Gen<JsonNode?> Node(int depth) => depth == 0 ? Leaf : Gen.Frequency(
        (4, Leaf),
        (1, Node(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
        (2, Gen.Select(Gen.OneOf(Fields), Node(depth - 1)).Array[0, 6].Select(Object)));

    private static JsonNode? Object((string, JsonNode?)[] properties)
    {
        var o = new JsonObject();
        foreach (var (name, value) in properties)
        {
            o[name] = value?.DeepClone();
        }
        return o;
    }

    /// <summary>A valid submission or example with fields removed, replaced by random values, or added.</summary>
    private static Gen<string> Mutated(string valid) =>
        Gen.Select(Gen.OneOf(Fields).Array[1, 4], Node(2).Array[4], Gen.Int[0, 2].Array[4]).Select((fields, values, kinds) =>
        {
            var json = JsonNode.Parse(valid)!.AsObject();
            for (var i = 0; i < fields.Length; i++)
            {
                switch (kinds[i])
                {
                    case 0: json.Remove(fields[i]); break;
                    default: json[fields[i]] = values[i]?.DeepClone(); break;
                }
            }
            return json.ToJsonString();
        });

    private static Gen<string> Garbled(string valid) =>
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[1, 8], Gen.Char).Select((at, length, c) =>
            valid[..at] + new string(c, Math.Min(length, 3)) + valid[Math.Min(valid.Length, at + length)..]);

    private static readonly string OurJson = JsonSerializer.Serialize(Article("random"));
    private static readonly string Ninjs = Submitting_ninjs.Example("examples_3.1_005_complex_text_article.json");
    private static readonly string Ninjs1 = Submitting_ninjs.Example("examples_1.4_ninjsExSimpleText1.json");

    private static readonly Gen<string> AnyJson = Gen.OneOf(
        Node(3).Select(n => n?.ToJsonString() ?? "null"),
        Mutated(OurJson), Mutated(Ninjs), Mutated(Ninjs1),
        Garbled(OurJson), Garbled(Ninjs));

    [Fact]
    public void Should_never_throw_in_our_validator()
    {
        AnyJson.Sample(json =>
        {
            // As the endpoints do: what does not parse is a 400 before the validator sees it.
            var (document, _) = ArticleIntake.Parse(Encoding.UTF8.GetBytes(json));
            using (document)
            {
                if (document is not null)
                {
                    SubmissionValidator.Validate(document.RootElement, DateTimeOffset.UtcNow);
                }
            }
        }, iter: 3000);
    }

    /// <summary>A \uDC00 alone parses as JSON but is no text (one came of a garbled "\u003C" in a body).</summary>
    [Theory]
    [InlineData("/api/ingest/articles", "application/json", """{"externalId":"lone","headline":"Kim \udc00 vows","body":"<p>War readiness.</p>"}""", "$.headline")]
    [InlineData("/api/ingest/articles", "application/json", """{"externalId":"lone","headline":"Kim vows","body":"<p>War readiness.</p>","topics":["ok","\uD83D"]}""", "$.topics[1]")]
    [InlineData("/api/ingest/ninjs", "application/json", """{"uri":"urn:x:lone","headline":"Kim vows","body_html":"\u003Cp\udddESEOUL\u003C/p\u003E"}""", "/body_html")]
    [InlineData("/api/ingest/articles/batch", "application/json", """[{"externalId":"lone-1","headline":"Kim vows","body":"<p>x</p>"},{"externalId":"lone-2","headline":"\ude00","body":"<p>x</p>"}]""", "$[1].headline")]
    public async Task Should_refuse_an_escaped_lone_surrogate_with_400_naming_where_and_change_nothing(string path, string mediaType, string body, string named)
    {
        using var newsroom = service.Newsroom();
        var before = await service.SnapshotAsync();

        using var response = await newsroom.PostAsync(path, new StringContent(body, Encoding.UTF8, mediaType), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([named], await response.ErrorFieldsAsync());
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_refuse_only_the_ndjson_line_with_a_lone_surrogate_and_accept_an_escaped_pair()
    {
        using var newsroom = service.Newsroom();
        var ndjson = $$"""
            {"externalId":"{{NewId()}}","headline":"Smiles \ud83d\ude00 all round","body":"<p>x</p>"}
            {"externalId":"{{NewId()}}","headline":"Half a smile \ud83d","body":"<p>x</p>"}
            """;

        using var response = await newsroom.PostAsync("/api/ingest/articles/batch", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.BodyAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["accepted", "invalid"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(["$.headline"], results[1].GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Theory]
    [InlineData("/api/ingest/articles")]
    [InlineData("/api/ingest/ninjs")]
    [InlineData("/api/ingest/articles/batch")]
    public async Task Should_never_answer_500(string path)
    {
        using var newsroom = service.Newsroom();
        var seen = new List<(HttpStatusCode, string)>();

        await AnyJson.SampleAsync(async json =>
        {
            var body = path.EndsWith("batch", StringComparison.Ordinal) ? $"[{json}, {json}]" : json;
            using var response = await newsroom.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);
            var status = response.StatusCode;
            if ((int)status >= 500 || status is not (HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity))
            {
                throw new Xunit.Sdk.XunitException($"{(int)status} for {json}: {await response.Content.ReadAsStringAsync(Cancellation)}");
            }
        }, iter: 300, threads: 1);
    }
}

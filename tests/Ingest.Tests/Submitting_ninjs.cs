using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Publishing.Ingest.Ninjs;
using static Publishing.Ingest.Tests.Http;

namespace Publishing.Ingest.Tests;

/// <summary>POST /api/ingest/ninjs with real agency documents (AP, dpa, NTB) and IPTC's samples, and broken copies of them.</summary>
public sealed class Submitting_ninjs(IngestService service) : IClassFixture<IngestService>
{
    public static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ninjs", name));

    /// <summary>An example under a uri of its own, so that each test's article is new.</summary>
    private static (string Json, string Uri) Fresh(string name, Action<JsonObject>? change = null)
    {
        var document = JsonNode.Parse(Example(name))!.AsObject();
        var uri = $"urn:test:{Guid.NewGuid():N}";
        document["uri"] = uri;
        change?.Invoke(document);
        return (document.ToJsonString(), uri);
    }

    [Fact]
    public async Task Should_publish_a_dpa_3_0_article_mapped_as_the_table_says()
    {
        using var newsroom = service.Newsroom();
        var (json, uri) = Fresh("examples_3.0_dpa_text.json");

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(json), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.BodyAsync();
        Assert.Equal(2, receipt.GetProperty("revision").GetInt32());
        var submitted = await service.NextSubmittedAsync(uri);
        Assert.Equal(receipt.GetProperty("id").GetGuid(), submitted.ArticleId);
        Assert.Equal("Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?", submitted.Headline);
        Assert.Equal("Von Christian Hollmann, dpa", submitted.Byline);
        Assert.Equal("de", submitted.Language);
        Assert.Equal(DateTimeOffset.Parse("2019-05-10T14:02:28Z"), submitted.PublishedAt);
        Assert.StartsWith("<section class=\"main\"><p>Für Lucien Favre", submitted.BodyHtml);
    }

    [Fact]
    public async Task Should_publish_a_3_1_article_with_its_html_body_dateline_and_language()
    {
        using var newsroom = service.Newsroom();
        var (json, uri) = Fresh("examples_3.1_005_complex_text_article.json");

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(json), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = await service.NextSubmittedAsync(uri);
        Assert.Equal(1, submitted.Revision);
        Assert.Equal("Captain of wrecked cruise ship on trial in Italy", submitted.Headline);
        Assert.Equal("Grossetto, Italy", submitted.Dateline);
        Assert.Equal("Paulo Santalucia and Frances d'Emilio", submitted.Byline);
        Assert.StartsWith("<p>GROSSETO, Italy (AP)", submitted.BodyHtml);
        Assert.Equal(DateTimeOffset.Parse("2013-07-09T10:37:00Z"), submitted.PublishedAt);
    }

    [Fact]
    public async Task Should_publish_a_1_x_article_from_its_flat_fields()
    {
        using var newsroom = service.Newsroom();
        var (json, uri) = Fresh("examples_1.4_ninjsExSimpleText1.json", d => d["subject"] = new JsonArray(new JsonObject { ["name"] = "Italy" }, new JsonObject { ["name"] = "Courts" }));

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(json), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = await service.NextSubmittedAsync(uri);
        Assert.Equal("Captain of wrecked cruise ship on trial in Italy", submitted.Headline);
        Assert.Equal("Paulo Santalucia and Frances d'Emilio", submitted.Byline);
        Assert.Equal(["italy", "courts"], submitted.Topics);
        Assert.StartsWith("<p>GROSSETO, Italy (AP)", submitted.BodyHtml);
    }

    [Fact]
    public async Task Should_publish_a_2_x_article_with_its_subjects_as_topics()
    {
        using var newsroom = service.Newsroom();
        var (json, uri) = Fresh("examples_2.1_ntb_text.json", d => d["bodies"] = new JsonArray(new JsonObject
        {
            ["role"] = "text", ["contenttype"] = "text/plain", ["value"] = "IT-giganten Google har kjøpt en tomt.\n\nMer tekst.",
        }));

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(json), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = await service.NextSubmittedAsync(uri);
        Assert.Equal(6, submitted.Revision);
        Assert.Equal("Google har kjøpt giganttomt i Skien", submitted.Headline);
        Assert.Equal(["innenriks", "teknologi", "industri", "olje-og-energi"], submitted.Topics);
        Assert.Equal("nb-NO", submitted.Language);
        Assert.Equal("<p>IT-giganten Google har kjøpt en tomt.</p><p>Mer tekst.</p>", submitted.BodyHtml);
        Assert.StartsWith("IT-giganten Google", submitted.Summary);
    }

    [Theory]
    [InlineData("examples_3.0_ap_image.json", "bodies")]
    [InlineData("examples_3.0_ntb_text.json", "bodies")]
    [InlineData("examples_2.1_ntb_text.json", "bodies")]
    public async Task Should_answer_422_to_valid_ninjs_that_is_no_article_and_change_nothing(string name, string missing)
    {
        using var newsroom = service.Newsroom();
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(Fresh(name).Json), Cancellation);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(missing, (await response.BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_answer_422_to_ninjs_without_a_headline()
    {
        using var newsroom = service.Newsroom();

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(Fresh("examples_3.0_dpa_text.json", d => d.Remove("headlines")).Json), Cancellation);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("headlines", (await response.BodyAsync()).GetProperty("detail").GetString());
    }

    /// <summary>Invalid ninjs: the JSON pointer of what fails, and the keyword it fails.</summary>
    public static TheoryData<string, string, string> Invalid => new()
    {
        { """{ "headlines": [{ "role": "main", "value": "No uri" }] }""", "", "required" },
        { """[{ "uri": "urn:x:1" }]""", "", "type" },
        { "\"urn:x:1\"", "", "type" },
        { """{ "uri": "urn:x:1", "headlines": "not an array", "versionCreated": "2019-05-10T16:02:28Z" }""", "/headlines", "type" },
        { """{ "uri": "urn:x:1", "versionCreated": "yesterday" }""", "/versionCreated", "format" },
        { """{ "uri": "urn:x:1", "versionCreated": "2019-05-10T16:02:28Z", "notANinjsField": 1 }""", "/notANinjsField", "unevaluatedProperties" },
        { """{ "uri": "urn:x:1", "urgency": "high", "versionCreated": "2019-05-10T16:02:28Z" }""", "/urgency", "type" },
        { """{ "uri": "urn:x:1", "headline": 7, "byline": "x" }""", "/headline", "type" },
        { """{ "uri": "urn:x:1", "headline": "h", "body_text": "b", "bogus": 1 }""", "/bogus", "additionalProperties" },
        { """{ "uri": "urn:x:1", "versionCreated": "2019-08-09T09:46:53Z", "version": 6 }""", "/version", "type" },
        { """{ "uri": "urn:x:1", "standard": { "name": "ninjs", "version": "2.2" }, "versionCreated": "2019-08-09T09:46:53Z" }""", "/versionCreated", "unevaluatedProperties" },
        { """{ "uri": "urn:x:1", "versionCreated": "2019-08-09T09:46:53Z", "bodies": [{ "contentType": "text/plain", "value": "x", "colour": "red" }] }""", "/bodies/0/colour", "additionalProperties" },
        { """{ "uri": "urn:x:1", "standard": { "version": "3.0" }, "places": [{ "name": "Oslo", "geoJSON": { "type": "Point", "coordinates": "north" } }] }""", "/places/0/geoJSON/coordinates", "type" },
        { """{ "uri": "urn:x:1", "standard": { "version": "2.1" }, "associations": [{ "uri": "urn:x:2", "colour": "red" }] }""", "/associations/0", "required" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Should_answer_400_naming_what_is_wrong_with_invalid_ninjs_and_change_nothing(string json, string location, string keyword)
    {
        using var newsroom = service.Newsroom();
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(json), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.BodyAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(location, out var messages), errors.ToString());
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.StartsWith(keyword + ":", StringComparison.Ordinal));
        Assert.Equal(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_answer_400_naming_where_a_document_stops_being_json()
    {
        using var newsroom = service.Newsroom();

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json("""{ "uri": "x", """), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.BodyAsync()).GetProperty("errors");
        Assert.StartsWith("json: ", errors.GetProperty("")[0].GetString());
    }

    /// <summary>
    /// IPTC's test documents of every version through the service: each valid one is a 202 or a 422, each invalid one a
    /// 400 (each under a uri of its own, where it has one, so that no two of them conflict), except the few that are
    /// invalid only in a version they do not declare (<see cref="Validating_ninjs"/>).
    /// </summary>
    [Fact]
    public async Task Should_answer_IPTC_test_documents_of_every_version_as_IPTC_judges_them()
    {
        using var newsroom = service.Newsroom();
        var wrong = new List<string>();

        foreach (var (name, valid) in Validating_ninjs.IptcDocuments())
        {
            var text = File.ReadAllText(Path.Combine(Validating_ninjs.Suite, name));
            if (Parsed(text) is JsonObject { } document && document["uri"]?.GetValueKind() == JsonValueKind.String)
            {
                document["uri"] = $"urn:test:{Guid.NewGuid():N}";
                text = document.ToJsonString();
            }
            var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(text), Cancellation);
            var expected = valid ? response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.UnprocessableEntity : response.StatusCode == HttpStatusCode.BadRequest;
            if (!expected)
            {
                wrong.Add($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
            }
        }

        Assert.Empty(wrong);
    }

    private static JsonNode? Parsed(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [Theory]
    [InlineData("""{ "uri": "x" }""", "headline")]
    [InlineData("""{ "uri": "ninjs_test_suite_001", "urgency": 1 }""", "headline")]
    [InlineData("""{ "uri": "002-schema", "standard": { "name": "ninjs", "version": "2.0-dev" } }""", "headlines")]
    [InlineData("""{ "uri": "003-schema-only", "standard": { "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.3.json" } }""", "headlines")]
    [InlineData("""{ "uri": "urn:x", "digitalSourceType": { "uri": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" } }""", "headlines")]
    public async Task Should_answer_422_to_minimal_valid_ninjs_of_every_family(string json, string missing)
    {
        using var newsroom = service.Newsroom();

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(json), Cancellation);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(missing, (await response.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Should_answer_400_in_ninjs_terms_when_a_mapped_field_breaks_our_rules()
    {
        using var newsroom = service.Newsroom();
        var (json, _) = Fresh("examples_3.0_dpa_text.json", d =>
        {
            d["uri"] = "http://api.ap.org/content/x?qt=1&et=2";
            d["version"] = "0";
        });

        var response = await newsroom.PostAsync("/api/ingest/ninjs", Json(json), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["/uri", "/version"], (await response.ErrorFieldsAsync()).Order());
    }

    [Fact]
    public async Task Should_answer_the_same_id_to_the_same_document_and_409_to_an_older_version()
    {
        using var newsroom = service.Newsroom();
        var (json, uri) = Fresh("examples_3.0_dpa_text.json", d => d["version"] = "3");
        var first = await (await newsroom.PostAsync("/api/ingest/ninjs", Json(json), Cancellation)).BodyAsync();

        var again = await newsroom.PostAsync("/api/ingest/ninjs", Json(json), Cancellation);
        var older = await newsroom.PostAsync("/api/ingest/ninjs", Json(Fresh("examples_3.0_dpa_text.json", d => { d["uri"] = uri; d["version"] = "2"; }).Json), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first.GetProperty("id").GetGuid(), (await again.BodyAsync()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, older.StatusCode);
    }

    [Fact]
    public async Task Should_answer_a_ninjs_batch_item_by_item_as_the_single_endpoint_would()
    {
        using var newsroom = service.Newsroom();
        var (dpa, dpaUri) = Fresh("examples_3.0_dpa_text.json");
        var (ntb, _) = Fresh("examples_2.1_ntb_text.json");
        var (complex, _) = Fresh("examples_3.1_005_complex_text_article.json");
        var (image, _) = Fresh("examples_3.0_ap_image.json");
        var (older, _) = Fresh("examples_3.0_dpa_text.json", d => { d["uri"] = dpaUri; d["version"] = "1"; });
        var invalid = """{ "uri": "urn:x:1", "versionCreated": "yesterday" }""";
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/ninjs/batch", Json($"[{dpa}, {invalid}, {ntb}, {image}, {older}, {complex}]"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.BodyAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(["accepted", "invalid", "not-an-article", "not-an-article", "conflict", "accepted"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("/versionCreated", results[1].GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Contains("bodies", results[2].GetProperty("errors").GetProperty("")[0].GetString());
        var submitted = await service.NextSubmittedAsync(dpaUri);
        Assert.Equal(results[0].GetProperty("id").GetGuid(), submitted.ArticleId);
        Assert.NotEqual(before, await service.SnapshotAsync());
    }

    [Fact]
    public async Task Should_refuse_only_the_bad_line_of_a_ninjs_batch_in_ndjson()
    {
        using var newsroom = service.Newsroom();
        var ndjson = string.Join('\n', Fresh("examples_3.0_dpa_text.json").Json, "{ not json", Fresh("examples_1.4_ninjsExSimpleText1.json").Json);

        var response = await newsroom.PostAsync("/api/ingest/ninjs/batch", Json(ndjson, "application/x-ndjson"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.BodyAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["accepted", "invalid", "accepted"], results.Select(r => r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Should_refuse_a_ninjs_batch_that_is_no_array_and_change_nothing()
    {
        using var newsroom = service.Newsroom();
        var before = await service.SnapshotAsync();

        var response = await newsroom.PostAsync("/api/ingest/ninjs/batch", Json(Fresh("examples_3.0_dpa_text.json").Json), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await service.SnapshotAsync());
    }
}

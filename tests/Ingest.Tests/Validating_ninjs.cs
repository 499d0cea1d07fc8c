using System.Text.Json;
using Publishing.Ingest.Ninjs;

namespace Publishing.Ingest.Tests;

/// <summary>
/// The ninjs validator without the service: IPTC's own test documents of every version (Ninjs/test_suite, copied from
/// iptc/newsinjson validation/test_suite), and documents written from the schemas for each keyword family and for the
/// choice of the schema.
/// </summary>
public sealed class Validating_ninjs
{
    public static readonly string Suite = Path.Combine(AppContext.BaseDirectory, "Ninjs", "test_suite");

    /// <summary>IPTC documents invalid only in a version they do not declare (the file says why).</summary>
    private static readonly string[] ValidByTheNewestOfTheirShape =
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Ninjs", "test_suite-valid-undeclared.txt")).Where(l => l.Length > 0 && l[0] != '#')];

    /// <summary>Each document of the suite, and whether it is valid ninjs by the schema this service chooses for it.</summary>
    public static IEnumerable<(string Name, bool Valid)> IptcDocuments() =>
        Names().Select(name => (name, IptcSaysValid(name) || ValidByTheNewestOfTheirShape.Contains(name)));

    public static TheoryData<string> IptcTestSuite() => [.. Names()];

    private static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Suite, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Suite, f)).Order(StringComparer.Ordinal);

    private static bool IptcSaysValid(string name) => name.Contains("should_pass", StringComparison.Ordinal);

    private static Dictionary<string, string[]>? Errors(string? version, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return NinjsApi.SchemaErrors(version ?? NinjsVersions.Choose(document.RootElement).Schema, document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [Theory]
    [MemberData(nameof(IptcTestSuite))]
    public void Should_judge_each_IPTC_test_document_as_IPTC_does_against_the_schema_it_was_written_for(string name)
    {
        var errors = Errors(name.Split('/')[0], File.ReadAllText(Path.Combine(Suite, name)));

        Assert.True(IptcSaysValid(name) == errors is { Count: 0 }, $"{name}: {JsonSerializer.Serialize(errors)}");
    }

    [Theory]
    [MemberData(nameof(IptcTestSuite))]
    public void Should_judge_each_IPTC_test_document_as_IPTC_does_against_the_schema_it_chooses(string name)
    {
        var errors = Errors(null, File.ReadAllText(Path.Combine(Suite, name)));

        var valid = IptcSaysValid(name) || ValidByTheNewestOfTheirShape.Contains(name);
        Assert.True(valid == errors is { Count: 0 }, $"{name}: {JsonSerializer.Serialize(errors)}");
    }

    [Theory]
    [InlineData("""{ "uri": "x" }""", "1.6")]
    [InlineData("""{ "uri": "x", "urgency": 1 }""", "1.6")]
    [InlineData("""{ "uri": "x", "headline": "h", "body_text": "b" }""", "1.6")]
    [InlineData("""{ "$standard": { "version": "1.4" }, "uri": "x" }""", "1.4")]
    [InlineData("""{ "$standard": { "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.3.json" }, "uri": "x" }""", "1.3")]
    [InlineData("""{ "$standard": { "version": "1.9" }, "uri": "x" }""", "1.6")]
    [InlineData("""{ "uri": "x", "headlines": [{ "value": "h" }] }""", "2.2")]
    [InlineData("""{ "uri": "x", "associations": [] }""", "2.2")]
    [InlineData("""{ "standard": { "version": "2.0-dev" }, "uri": "x" }""", "2.0")]
    [InlineData("""{ "standard": { "version": "2.1" }, "uri": "x" }""", "2.1")]
    [InlineData("""{ "standard": { "version": "2.7" }, "uri": "x" }""", "2.2")]
    [InlineData("""{ "standard": { "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json" }, "uri": "x" }""", "2.1")]
    [InlineData("""{ "standard": { "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.3.json" }, "uri": "x" }""", "2.2")]
    [InlineData("""{ "uri": "x", "versionCreated": "2025-01-01T00:00:00Z" }""", "3.1")]
    [InlineData("""{ "uri": "x", "bodies": [{ "contentType": "text/plain", "value": "b" }] }""", "3.1")]
    [InlineData("""{ "standard": { "version": "3.0" }, "uri": "x" }""", "3.0")]
    [InlineData("""{ "standard": { "version": "3.9", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json" }, "uri": "x" }""", "3.1")]
    [InlineData("""{ "standard": { "version": "9.0", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json" }, "uri": "x" }""", "3.0")]
    public void Should_choose_the_schema_by_declaration_then_schema_name_then_shape(string json, string schema)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(schema, NinjsVersions.Choose(document.RootElement).Schema);
    }

    /// <summary>Per version family, one document each keyword family refuses: where it fails, and by which keyword.</summary>
    public static TheoryData<string, string, string, string> Invalid => new()
    {
        // required
        { "1.6", """{ "headline": "h" }""", "", "required" },
        { "2.2", """{ "headlines": [] }""", "", "required" },
        { "3.1", """{ "versionCreated": "2025-01-01T00:00:00Z" }""", "", "required" },
        { "1.0", """{ "headline": "h" }""", "", "required" },
        // type
        { "1.6", """{ "uri": "x", "headline": 7 }""", "/headline", "type" },
        { "2.2", """{ "uri": "x", "headlines": [{ "value": 7 }] }""", "/headlines/0/value", "type" },
        { "3.1", """{ "uri": "x", "headlines": "h" }""", "/headlines", "type" },
        { "1.3", """{ "uri": "x", "version": 1 }""", "/version", "type" },
        // enum
        { "1.6", """{ "uri": "x", "pubstatus": "cancelled" }""", "/pubstatus", "enum" },
        { "2.2", """{ "uri": "x", "pubstatus": "commissioned" }""", "/pubstatus", "enum" },
        { "3.1", """{ "uri": "x", "pubStatus": "gone" }""", "/pubStatus", "enum" },
        // pattern: 3.x truncated dates; 1.x names of body_* and description_* (patternProperties)
        { "3.0", """{ "uri": "x", "eventDetails": { "dates": { "expectedStartDate": "February 29th 2024" } } }""", "/eventDetails/dates/expectedStartDate", "pattern" },
        { "3.1", """{ "uri": "x", "eventDetails": { "dates": { "expectedStartDate": "2024-13" } } }""", "/eventDetails/dates/expectedStartDate", "pattern" },
        { "1.6", """{ "uri": "x", "body_": "b" }""", "/body_", "additionalProperties" },
        // format date-time (2.x, 3.x)
        { "2.2", """{ "uri": "x", "versioncreated": "Last Tuesday" }""", "/versioncreated", "format" },
        { "3.1", """{ "uri": "x", "versionCreated": "2025-01-01" }""", "/versionCreated", "format" },
        // unevaluatedProperties at the root and inside an association
        { "2.2", """{ "uri": "x", "versionCreated": "2025-01-01T00:00:00Z" }""", "/versionCreated", "unevaluatedProperties" },
        { "3.1", """{ "uri": "x", "colour": "red" }""", "/colour", "unevaluatedProperties" },
        { "2.1", """{ "uri": "x", "associations": [{ "name": "a", "uri": "y", "colour": "red" }] }""", "/associations/0/colour", "unevaluatedProperties" },
        { "3.0", """{ "uri": "x", "associations": [{ "name": "a", "uri": "y", "colour": "red" }] }""", "/associations/0/colour", "unevaluatedProperties" },
        // associations: their own rules (name required) and the rules of the ninjs they are
        { "2.1", """{ "uri": "x", "associations": [{ "uri": "y" }] }""", "/associations/0", "required" },
        { "3.1", """{ "uri": "x", "associations": [{ "name": "a", "uri": "y", "urgency": "high" }] }""", "/associations/0/urgency", "type" },
        // oneOf: rightsinfo takes linked or encoded rights, not both
        { "1.6", """{ "uri": "x", "rightsinfo": { "linkedrights": "http://a", "encodedrights": "b" } }""", "/rightsinfo", "oneOf" },
        { "1.4", """{ "$standard": { "version": "1.4" }, "uri": "x", "rightsinfo": { "linkedrights": "http://a", "encodedrights": "b" } }""", "/rightsinfo", "oneOf" },
        // GeoJSON geometry on a place
        { "2.0", """{ "uri": "x", "places": [{ "name": "p", "geojson": { "type": "Point" } }] }""", "/places/0/geojson", "required" },
        { "3.0", """{ "uri": "x", "places": [{ "name": "p", "geoJSON": { "type": "Point", "coordinates": "north" } }] }""", "/places/0/geoJSON/coordinates", "type" },
        { "3.1", """{ "uri": "x", "places": [{ "name": "p", "geoJSON": { "type": "Circle", "coordinates": [1, 2] } }] }""", "/places/0/geoJSON/type", "enum" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Should_name_the_location_and_keyword_of_each_failure(string version, string json, string location, string keyword)
    {
        var errors = Errors(version, json)!;

        Assert.True(errors.TryGetValue(location, out var messages), $"{JsonSerializer.Serialize(errors)} names no '{location}'");
        Assert.Contains(messages, m => m.StartsWith(keyword + ":", StringComparison.Ordinal));
    }

    /// <summary>The same families, each with a document the schema accepts, so that the refusals above are the keyword's doing.</summary>
    [Theory]
    [InlineData("1.0", """{ "uri": "x", "headline": "h", "body_html": "<p>b</p>" }""")]
    [InlineData("1.6", """{ "uri": "x", "versioncreated": "Last Tuesday", "pubstatus": "canceled", "rightsinfo": { "linkedrights": "http://a" } }""")]
    [InlineData("1.6", """{ "uri": "x", "digitalsourcetype": { "uri": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" } }""")]
    [InlineData("2.0", """{ "standard": { "version": "2.0-dev" }, "uri": "x", "places": [{ "name": "p", "geojson": { "type": "Point", "coordinates": [1, 2] } }] }""")]
    [InlineData("2.2", """{ "uri": "not-a-uri", "versioncreated": "2025-01-01T00:00:00Z", "associations": [{ "name": "a", "uri": "y", "headlines": [{ "value": "h" }] }] }""")]
    [InlineData("2.2", """{ "uri": "x", "digitalsourcetype": { "uri": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" } }""")]
    [InlineData("3.1", """{ "uri": "x", "versionCreated": "2025-01-01T00:00:00+02:00", "pubStatus": "usable", "places": [{ "name": "p", "geoJSON": { "type": "Point", "coordinates": [1, 2] } }] }""")]
    [InlineData("3.1", """{ "uri": "x", "digitalSourceType": { "uri": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" } }""")]
    [InlineData("3.1", """{ "uri": "x", "eventDetails": { "dates": { "expectedStartDate": "2024-07" } } }""")]
    public void Should_accept_what_the_schema_allows(string version, string json)
    {
        Assert.Empty(Errors(version, json)!);
    }
}

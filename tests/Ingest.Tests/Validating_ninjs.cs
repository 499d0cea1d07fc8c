using System.Text.Json;
using Publishing.Ingest.Ninjs;

namespace Publishing.Ingest.Tests;

/// <summary>
/// The ninjs validator without the service: IPTC's own test documents of every version, and documents written from
/// the schemas for each keyword family and for the choice of the schema.
/// </summary>
public sealed class Validating_ninjs
{
    private static readonly string Suite = Path.Combine(AppContext.BaseDirectory, "Ninjs", "test_suite");

    /// <summary>Every document of IPTC's test suite (validation/test_suite), by version folder and verdict.</summary>
    public static TheoryData<string, bool> IptcTestSuite()
    {
        var data = new TheoryData<string, bool>();
        foreach (var file in Directory.EnumerateFiles(Suite, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(Suite, file);
            data.Add(name, name.Contains("should_pass", StringComparison.Ordinal));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(IptcTestSuite))]
    public void Should_judge_each_IPTC_test_document_as_IPTC_does(string name, bool valid)
    {
        var text = File.ReadAllText(Path.Combine(Suite, name));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            Assert.False(valid, $"{name} is not JSON.");
            return;
        }
        using (document)
        {
            var schema = NinjsVersions.Choose(document.RootElement).Schema;
            var errors = NinjsApi.SchemaErrors(schema, document.RootElement);
            Assert.True(valid == (errors.Count == 0), $"{name} judged by {schema}: {JsonSerializer.Serialize(errors)}");
        }
    }
}

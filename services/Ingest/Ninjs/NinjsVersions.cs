using System.Text.Json;
using System.Text.RegularExpressions;

namespace Publishing.Ingest.Ninjs;

/// <summary>The ninjs families this service reads: each maps to an article its own way (API.md, the mapping table).</summary>
public enum NinjsVersion
{
    V1,
    V2,
    V3,
}

/// <summary>Which version a document is, and so which schema judges it (API.md, "ninjs").</summary>
public sealed record NinjsSchemaChoice(NinjsVersion Family, string Schema);

/// <summary>
/// Chooses the schema as IPTC does: the version a document declares (<c>standard</c> in 2.x and 3.x,
/// <c>$standard</c> in 1.3 to 1.6): its <c>version</c> (major.minor, a suffix such as <c>-dev</c> ignored), else the
/// version in its <c>schema</c>'s file name; else the shape: camelCase names are 3.x, the lower-case arrays (and
/// <c>standard</c>) 2.x, anything else flat 1.x. A minor version not shipped takes the newest of its major, and so
/// does a document without a declaration (1.6, 2.2, 3.1).
/// </summary>
public static partial class NinjsVersions
{
    // The fields of the 3.x schemas that no 2.x schema has (camelCase), and those of 2.x that no 1.x schema has.
    private static readonly string[] Only3 =
    [
        "altIds", "contentCreated", "copyrightHolder", "copyrightNotice", "digitalSourceType", "edNote", "embargoedUntil",
        "eventDetails", "firstCreated", "infoSources", "plannedCoverage", "pubStatus", "representationType", "rightsInfo",
        "trustIndicators", "usageTerms", "versionCreated",
    ];
    private static readonly string[] Only2 =
    [
        "bodies", "by", "descriptions", "events", "genres", "headlines", "infosources", "objects", "organisations", "people",
        "places", "standard", "subjects", "trustindicators",
    ];

    public static NinjsSchemaChoice Choose(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return Newest(NinjsVersion.V3);
        }
        // 1.x declares itself in "$standard", 2.x and 3.x in "standard": a declaration of another family is no declaration.
        if (Declared(document, "$standard") is { } v1 && v1.Family == NinjsVersion.V1)
        {
            return v1;
        }
        if (Declared(document, "standard") is { } v2 && v2.Family != NinjsVersion.V1)
        {
            return v2;
        }
        var names = document.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (Only3.Any(names.Contains) || HasItemProperty(document, "contentType"))
        {
            return Newest(NinjsVersion.V3);
        }
        if (Only2.Any(names.Contains) || (document.TryGetProperty("associations", out var associations) && associations.ValueKind == JsonValueKind.Array))
        {
            return Newest(NinjsVersion.V2);
        }
        return Newest(NinjsVersion.V1);
    }

    private static NinjsSchemaChoice? Declared(JsonElement document, string field)
    {
        if (!document.TryGetProperty(field, out var standard) || standard.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        return (Text(standard, "version") is { } version && Version().Match(version) is { Success: true } declared ? Of(declared) : null)
            ?? (Text(standard, "schema") is { } schema && SchemaVersion().Match(schema) is { Success: true } named ? Of(named) : null);
    }

    private static NinjsSchemaChoice? Of(Match version)
    {
        var (major, minor) = (version.Groups["major"].Value, version.Groups["minor"].Value);
        if (major is not ("1" or "2" or "3"))
        {
            return null;
        }
        var family = (NinjsVersion)(major[0] - '1');
        var exact = $"{major}.{minor.TrimStart('0').PadLeft(1, '0')}";
        return NinjsSchemas.Versions.Contains(exact) ? new NinjsSchemaChoice(family, exact) : Newest(family);
    }

    private static NinjsSchemaChoice Newest(NinjsVersion family) =>
        new(family, NinjsSchemas.Versions.Last(v => v[0] - '1' == (int)family));

    private static bool HasItemProperty(JsonElement document, string name) =>
        new[] { "bodies", "descriptions", "headlines" }.Any(array =>
            document.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array &&
            items.EnumerateArray().Any(item => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out _)));

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"^\s*v?(?<major>[0-9]{1,3})\.(?<minor>[0-9]{1,3})")]
    private static partial Regex Version();

    // ninjs-schema_2.1.json, ninjs-schema-dev_0.2_v1.5.json: the version just before ".json".
    [GeneratedRegex(@"(?<major>[0-9]{1,3})\.(?<minor>[0-9]{1,3})\.json(?:[#?].*)?$")]
    private static partial Regex SchemaVersion();
}

using System.Text.Json.Nodes;
using NJsonSchema;

namespace Publishing.Ingest.Ninjs;

/// <summary>The ninjs versions this service reads, each with the official IPTC schema it is validated against.</summary>
public enum NinjsVersion
{
    V1,
    V2,
    V3,
}

/// <summary>
/// The official IPTC ninjs schemas (embedded unchanged, see <c>Ninjs/Schemas/README.md</c>), loaded once. NJsonSchema
/// validates draft-07, so the 2020-12 schemas are rewritten when loaded: <c>$defs</c> become <c>definitions</c>,
/// the root's <c>$ref</c> to <c>ninjsType</c> with <c>unevaluatedProperties: false</c> becomes that type's
/// properties with <c>additionalProperties: false</c> (the same meaning when nothing else is combined), and the one
/// reference outside the document (GeoJSON, on a place's <c>geoJSON</c>) accepts any object, since validation must
/// never reach out to the network. An association (<c>$ref</c> to the whole ninjs type beside its own fields) keeps
/// its fields' types but not the ban on unknown fields, which draft-07 cannot express there.
/// </summary>
public static class NinjsSchemas
{
    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Schemas = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The schema for a version: 1.6, 2.2, or for 3.x the one it names (3.0 or 3.1, the default).</summary>
    public static JsonSchema For(NinjsVersion version, string? declared = null) => Schemas.Value[version switch
    {
        NinjsVersion.V1 => "1.6",
        NinjsVersion.V2 => "2.2",
        _ when declared is not null && declared.StartsWith("3.0", StringComparison.Ordinal) => "3.0",
        _ => "3.1",
    }];

    /// <summary>Loads every schema; called at start so that a broken resource fails the start, not a request.</summary>
    public static void Warm() => _ = Schemas.Value;

    private static IReadOnlyDictionary<string, JsonSchema> Load() =>
        new[] { "1.6", "2.2", "3.0", "3.1" }.ToDictionary(v => v, v => JsonSchema.FromJsonAsync(Draft7(Resource(v))).GetAwaiter().GetResult());

    private static string Resource(string version)
    {
        using var stream = typeof(NinjsSchemas).Assembly.GetManifestResourceStream($"ninjs/ninjs-schema_{version}.json")
            ?? throw new InvalidOperationException($"The ninjs {version} schema is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static string Draft7(string schemaJson)
    {
        var root = JsonNode.Parse(schemaJson)!.AsObject();
        root["$schema"] = "http://json-schema.org/draft-07/schema#";
        root.Remove("$id");
        if (root["$defs"] is JsonObject defs)
        {
            root.Remove("$defs");
            // The 2.x and 3.x schemas put a stray "unevaluatedProperties" among the definitions, where it means nothing.
            defs.Remove("unevaluatedProperties");
            root["definitions"] = defs;
        }
        if (root["$ref"]?.GetValue<string>() is { } rootRef && root["unevaluatedProperties"] is not null)
        {
            var type = root["definitions"]![rootRef.Split('/')[^1]]!.AsObject();
            root.Remove("$ref");
            root.Remove("unevaluatedProperties");
            root["properties"] = type["properties"]!.DeepClone();
            root["additionalProperties"] = false;
        }
        Rewrite(root);
        return root.ToJsonString();
    }

    private static void Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"]?.GetValue<string>() is { } reference)
                {
                    if (reference.StartsWith("#/$defs/", StringComparison.Ordinal))
                    {
                        o["$ref"] = "#/definitions/" + reference["#/$defs/".Length..];
                    }
                    else if (!reference.StartsWith('#'))
                    {
                        o.Remove("$ref");
                        o["type"] = "object";
                    }
                }
                if (o["unevaluatedProperties"] is { } unevaluated)
                {
                    o.Remove("unevaluatedProperties");
                    // Beside a $ref (an association: every ninjs field plus name and rel) draft-07 cannot say it;
                    // there the check is left out rather than refusing the referenced fields.
                    if (o["$ref"] is null)
                    {
                        o["additionalProperties"] = unevaluated.DeepClone();
                    }
                }
                foreach (var (_, child) in o.ToList())
                {
                    Rewrite(child);
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Rewrite(child);
                }
                break;
        }
    }
}

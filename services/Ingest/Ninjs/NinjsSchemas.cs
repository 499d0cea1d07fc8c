using System.Text.Json;
using Json.Schema;
using Json.Schema.Keywords;

namespace Publishing.Ingest.Ninjs;

/// <summary>
/// Every official IPTC ninjs schema, 1.0 to 3.1, and the GeoJSON schema that 2.x and 3.x reference, embedded unchanged
/// (see <c>Ninjs/Schemas/README.md</c>) and evaluated by JsonSchema.Net, each with the semantics of the draft its
/// <c>$schema</c> names: 2020-12 (2.1 to 3.1) and draft-07 (1.5, 1.6) as the library implements them; draft-04 (1.1
/// to 1.4, 2.0) and draft-03 (1.0), which it does not ship, as dialects of its draft-07 keywords, since the keywords
/// those schemas use mean the same in draft-07, except draft-03's <c>required: true</c> on a property, handled here.
/// Every schema is registered by its <c>$id</c> (GeoJSON by <c>https://geojson.org/schema/GeoJSON.json</c>), and
/// nothing is fetched: a reference to anything else throws rather than reach out to the network.
/// </summary>
public static class NinjsSchemas
{
    /// <summary>The versions shipped, oldest first.</summary>
    public static readonly IReadOnlyList<string> Versions = ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.0", "2.1", "2.2", "3.0", "3.1"];

    private static readonly Uri Draft03 = new("http://json-schema.org/draft-03/schema#");
    private static readonly Uri Draft04 = new("http://json-schema.org/draft-04/schema#");

    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Schemas = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Formats as IPTC's own validation checks them: <c>date-time</c> in 2.x and 3.x; not in 1.x, whose test documents
    /// (<c>"versioncreated": "Last Tuesday"</c>) are valid by IPTC's reference validator; <c>uri</c> nowhere, since
    /// IPTC's valid documents of every version use identifiers such as <c>"uri": "002-schema"</c>.
    /// </summary>
    private static readonly EvaluationOptions CheckingDates = Options(requireFormats: true, OutputFormat.List);
    private static readonly EvaluationOptions NotCheckingFormats = Options(requireFormats: false, OutputFormat.List);

    // Most documents are valid: a pass/fail answer first is cheaper than listing every node.
    private static readonly EvaluationOptions CheckingDatesAtOnce = Options(requireFormats: true, OutputFormat.Flag);
    private static readonly EvaluationOptions NotCheckingFormatsAtOnce = Options(requireFormats: false, OutputFormat.Flag);

    /// <summary>Loads every schema; called at start so that a broken resource fails the start, not a request.</summary>
    public static void Warm() => _ = Schemas.Value;

    /// <summary>What the schema of <paramref name="version"/> finds wrong, each failing location with its keywords.</summary>
    public static IReadOnlyList<SchemaError> Evaluate(string version, JsonElement document)
    {
        var schema = Schemas.Value[version];
        var checksDates = version[0] != '1';
        if (schema.Evaluate(document, checksDates ? CheckingDatesAtOnce : NotCheckingFormatsAtOnce).IsValid)
        {
            return [];
        }
        var results = schema.Evaluate(document, checksDates ? CheckingDates : NotCheckingFormats);
        var nodes = (results.Details ?? []).Prepend(results).Select(n => (Node: n, Path: n.EvaluationPath.ToString())).ToList();
        var errors = new List<SchemaError>();
        foreach (var (node, path) in nodes.Where(n => !n.Node.IsValid && !Echoes(n.Node, n.Path, nodes)))
        {
            var location = node.InstanceLocation.ToString();
            if (node.Errors is { Count: > 0 })
            {
                // A false schema (additionalProperties: false, unevaluatedProperties: false) fails under no keyword of its own.
                errors.AddRange(node.Errors.Select(error => error.Key.Length > 0
                    ? new SchemaError(location, error.Key, error.Value)
                    : new SchemaError(location, path[(path.LastIndexOf('/') + 1)..], "This field is not allowed here.")));
            }
            else if (!nodes.Any(n => !n.Node.IsValid && n.Path.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                // Failing while every subschema passes: more than one alternative of a oneOf matched (or a "not" did).
                errors.Add(nodes.Any(n => n.Path.StartsWith(path + "/oneOf/", StringComparison.Ordinal))
                    ? new SchemaError(location, "oneOf", "More than one of the alternatives matches; exactly one must.")
                    : new SchemaError(location, "not", "The value matches a schema it must not match."));
            }
        }
        // Invalid is never answered as valid, even by a failure this reading does not know how to name.
        return errors.Count > 0 ? [.. errors.Distinct()] : [new SchemaError("", "schema", "The document does not match the schema of its version.")];
    }

    /// <summary>
    /// Whether an unevaluatedProperties failure only echoes another: a field that the <c>$ref</c> beside it defines
    /// counts as unevaluated when that <c>$ref</c> fails elsewhere (2020-12 drops a failing subschema's annotations).
    /// </summary>
    private static bool Echoes(EvaluationResults node, string path, List<(EvaluationResults Node, string Path)> nodes)
    {
        if (!path.EndsWith("/unevaluatedProperties", StringComparison.Ordinal))
        {
            return false;
        }
        var referenced = path[..^"unevaluatedProperties".Length] + "$ref/";
        return nodes.Any(n => n.Path.StartsWith(referenced, StringComparison.Ordinal) && n.Node.InstanceLocation.Equals(node.InstanceLocation));
    }

    private static EvaluationOptions Options(bool requireFormats, OutputFormat output)
    {
        var formats = new FormatRegistry();
        formats.Register(Formats.CreateUnknown("uri"));
        return new EvaluationOptions { OutputFormat = output, RequireFormatValidation = requireFormats, FormatRegistry = formats };
    }

    private static IReadOnlyDictionary<string, JsonSchema> Load()
    {
        var dialects = new DialectRegistry();
        dialects.Register(Dialect.Draft07.With([], Draft04));
        dialects.Register(Dialect.Draft07.Without([RequiredKeyword.Instance]).With([new Draft03Required(), new Draft03Properties()], Draft03));
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry { Fetch = (uri, _) => throw new InvalidOperationException($"The ninjs schemas reference {uri}, which is not embedded.") }, DialectRegistry = dialects };
        Register("GeoJSON-schema.json", build);
        return Versions.ToDictionary(v => v, v => Register($"ninjs-schema_{v}.json", build));
    }

    /// <summary>Builds a schema and registers it by its id (<c>$id</c>, or draft-03/04's <c>id</c>), by which others reference it.</summary>
    private static JsonSchema Register(string name, BuildOptions build)
    {
        var text = Resource(name);
        using var document = JsonDocument.Parse(text);
        var id = new Uri((document.RootElement.TryGetProperty("$id", out var newer) ? newer : document.RootElement.GetProperty("id")).GetString()!);
        var schema = JsonSchema.FromText(text, build, id);
        build.SchemaRegistry.Register(id, schema);
        return schema;
    }

    private static string Resource(string name)
    {
        using var stream = typeof(NinjsSchemas).Assembly.GetManifestResourceStream($"ninjs/{name}")
            ?? throw new InvalidOperationException($"The schema {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Draft-03's <c>required</c>: a boolean in a property's own schema, checked by <see cref="Draft03Properties"/>.</summary>
    private sealed class Draft03Required : IKeywordHandler
    {
        public string Name => "required";

        public object? ValidateKeywordValue(JsonElement value) =>
            value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : throw new JsonSchemaException("Draft-03 'required' is a boolean.");

        public void BuildSubschemas(KeywordData keyword, BuildContext context)
        {
        }

        public KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) => KeywordEvaluation.Ignore;
    }

    /// <summary>Draft-03's <c>properties</c>: draft-07's, and each property whose schema says <c>required: true</c> must be present.</summary>
    private sealed class Draft03Properties : PropertiesKeyword
    {
        public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context)
        {
            var evaluation = base.Evaluate(keyword, context);
            if (context.Instance.ValueKind != JsonValueKind.Object)
            {
                return evaluation;
            }
            var missing = keyword.RawValue.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True)
                .Where(p => !context.Instance.TryGetProperty(p.Name, out _))
                .Select(p => p.Name)
                .ToList();
            return missing.Count == 0 ? evaluation : evaluation with
            {
                Keyword = "required",
                IsValid = false,
                Error = $"Required properties [{string.Join(", ", missing.Select(m => $"\"{m}\""))}] are not present",
            };
        }
    }
}

/// <summary>One failure: where in the document (a JSON pointer, <c>""</c> for the document itself), which keyword, and why.</summary>
public sealed record SchemaError(string Location, string Keyword, string Message);

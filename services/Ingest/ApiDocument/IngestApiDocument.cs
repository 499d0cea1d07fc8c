using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Publishing.Ingest.ApiDocument;

/// <summary>
/// What the generated OpenAPI document cannot learn from the endpoints: that every ingest operation needs a newsroom
/// key (the endpoint filter of <c>RequireNewsroomKey</c> is invisible to it), and what a submission looks like in
/// our JSON and in each major version of ninjs (the ninjs endpoints read a raw <c>JsonElement</c>).
/// </summary>
public static class IngestApiDocument
{
    /// <summary>The header form a client sends most simply; <see cref="AuthorizationScheme"/> is the other one accepted.</summary>
    public const string ApiKeyScheme = "NewsroomApiKey";
    public const string AuthorizationScheme = "NewsroomAuthorization";

    public static IHostApplicationBuilder AddIngestApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer(Describe));
        return builder;
    }

    private static Task Describe(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "The newsroom's API key. Each key belongs to one newsroom, the `source` of its articles.",
        };
        document.Components.SecuritySchemes[AuthorizationScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "The same key as `Authorization: ApiKey <key>`.",
        };
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthorizationScheme, document)] = [] },
                ];
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse
                {
                    Description = "No API key, or one that is unknown or revoked",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = ProblemSchema(document) } },
                });
                AddExamples(path, method, operation);
            }
        }
        return Task.CompletedTask;
    }

    private static IOpenApiSchema ProblemSchema(OpenApiDocument document) =>
        document.Components?.Schemas?.ContainsKey("ProblemDetails") == true
            ? new OpenApiSchemaReference("ProblemDetails", document)
            : new OpenApiSchema { Type = JsonSchemaType.Object };

    private static void AddExamples(string path, HttpMethod method, OpenApiOperation operation)
    {
        if (method != HttpMethod.Post || operation.RequestBody?.Content?.TryGetValue("application/json", out var json) != true || json is null)
        {
            return;
        }
        var examples = path switch
        {
            "/api/ingest/articles" => new[] { ("article", "An article in our JSON", Example("article")) },
            "/api/ingest/articles/batch" => [("batch", "A batch of one article", new JsonArray(Example("article")))],
            "/api/ingest/ninjs" => [("ninjs-3", "ninjs 3.x", Example("ninjs-3")), ("ninjs-2", "ninjs 2.x", Example("ninjs-2")), ("ninjs-1", "ninjs 1.x", Example("ninjs-1"))],
            "/api/ingest/ninjs/batch" => [("batch", "A batch of ninjs documents of each major version", new JsonArray(Example("ninjs-3"), Example("ninjs-2"), Example("ninjs-1")))],
            _ => [],
        };
        if (examples.Length == 0)
        {
            return;
        }
        json.Examples = examples.ToDictionary(e => e.Item1, e => (IOpenApiExample)new OpenApiExample { Summary = e.Item2, Value = e.Item3 });
    }

    private static JsonNode Example(string name)
    {
        using var stream = typeof(IngestApiDocument).Assembly.GetManifestResourceStream($"examples/{name}.json")
            ?? throw new InvalidOperationException($"The example {name} is not embedded.");
        return JsonNode.Parse(stream)!;
    }
}

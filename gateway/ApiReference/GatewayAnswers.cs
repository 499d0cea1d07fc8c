using System.Text.Json.Nodes;

namespace Publishing.Gateway.ApiReference;

/// <summary>
/// What the gateway itself may answer on a service's route, which that service's document cannot know: a 502 when the
/// service does not answer, a 413 over a body limit (<c>Routing/BodyLimits.cs</c>), a 429 over a rate limit
/// (<c>RateLimits/ReaderRateLimits.cs</c>).
/// </summary>
internal static class GatewayAnswers
{
    private const string ProblemSchema = "ProblemDetails";

    public static void AddTo(JsonObject paths, JsonObject components)
    {
        var schemas = components["schemas"] as JsonObject ?? [];
        components["schemas"] = schemas;
        schemas.TryAdd(ProblemSchema, new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = new JsonArray("null", "string") },
                ["title"] = new JsonObject { ["type"] = new JsonArray("null", "string") },
                ["status"] = new JsonObject { ["type"] = new JsonArray("null", "integer"), ["format"] = "int32" },
                ["detail"] = new JsonObject { ["type"] = new JsonArray("null", "string") },
                ["instance"] = new JsonObject { ["type"] = new JsonArray("null", "string") },
            },
        });
        foreach (var (path, item) in paths)
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is not JsonObject op || op["responses"] is not JsonObject responses)
                {
                    continue;
                }
                if (path != "/api/readers" && path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    Add(responses, "502", "The service behind this route did not answer");
                }
                if (method == "post" && path.StartsWith("/api/ingest/", StringComparison.Ordinal))
                {
                    Add(responses, "413", "The body is over its limit: 1 MiB a submission, 16 MiB a batch");
                }
                if ((path == "/api/readers" && method == "post") || (path == "/api/articles/{id}/votes" && method is "post" or "delete"))
                {
                    Add(responses, "429", "Over the rate limit; `Retry-After` says when to try again");
                }
            }
        }
    }

    private static void Add(JsonObject responses, string status, string description) =>
        responses.TryAdd(status, new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject
            {
                ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/" + ProblemSchema } },
            },
        });
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Publishing.Gateway.Routing;

namespace Publishing.Gateway.ApiReference;

/// <summary>
/// The whole public API as one OpenAPI document: the gateway's own operations and each service's document, merged.
/// Each service's document is kept for <see cref="Freshness"/> and then fetched again, so a service that restarts with
/// a new version of its API shows it soon after; a service that does not answer keeps its last document meanwhile,
/// and until every service has answered once there is no document (rather than one that silently lacks a service).
/// The services' own addresses (their <c>servers</c>) are dropped: everything is reached through the gateway.
/// </summary>
public sealed class PublicApiDocument(IHttpClientFactory clients, ServiceAddresses services, IServiceProvider provider, TimeProvider clock, ILogger<PublicApiDocument> logger)
{
    public const string Path = "/openapi/v1.json";
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, JsonObject> _documents = [];
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private string? _merged;
    private DateTimeOffset _mergedAt;

    /// <summary>The merged document, or null while a service has never answered for its own.</summary>
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        if (_merged is { } fresh && clock.GetUtcNow() - _mergedAt < Freshness)
        {
            return fresh;
        }
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (_merged is { } meanwhile && clock.GetUtcNow() - _mergedAt < Freshness)
            {
                return meanwhile;
            }
            await Task.WhenAll(services.All.Select(service => FetchAsync(service.Name, service.Address, cancellationToken)));
            if (services.All.Any(service => !_documents.ContainsKey(service.Name)))
            {
                return null;
            }
            _merged = Merge(await OwnDocumentAsync(cancellationToken), services.All.Select(service => _documents[service.Name]));
            _mergedAt = clock.GetUtcNow();
            return _merged;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task FetchAsync(string name, Uri address, CancellationToken cancellationToken)
    {
        try
        {
            var client = clients.CreateClient(nameof(PublicApiDocument));
            var text = await client.GetStringAsync(new Uri(address, Path), cancellationToken);
            _documents[name] = JsonNode.Parse(text)!.AsObject();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            logger.LogWarning("The OpenAPI document of {Service} could not be fetched ({Reason}); the public document keeps its last copy.", name, exception.Message);
        }
    }

    private async Task<JsonObject> OwnDocumentAsync(CancellationToken cancellationToken)
    {
        var own = await provider.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync(cancellationToken);
        return JsonNode.Parse(await own.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken))!.AsObject();
    }

    /// <summary>The gateway's document with every service's paths, components and tags added, and the gateway's own answers on every route.</summary>
    internal static string Merge(JsonObject gateway, IEnumerable<JsonObject> serviceDocuments)
    {
        var merged = (JsonObject)gateway.DeepClone();
        merged.Remove("servers");
        merged["info"] = new JsonObject
        {
            ["title"] = "Publishing API",
            ["version"] = "1",
            ["description"] = "The public API of the publishing system, as served by the gateway: the ingest API for newsrooms " +
                "(with an API key), and the articles, votes, lists and feeds for readers (votes and recommendations need the " +
                "`reader` cookie that `POST /api/readers` or any page sets). Every 4xx and 5xx answer is `application/problem+json`.",
        };
        var paths = Section(merged, "paths");
        var components = Section(merged, "components");
        var tags = merged["tags"] as JsonArray ?? [];
        foreach (var document in serviceDocuments)
        {
            foreach (var (path, item) in Section(document, "paths"))
            {
                var into = paths[path] as JsonObject ?? [];
                paths[path] = into;
                foreach (var (method, operation) in item!.AsObject())
                {
                    into[method] = operation!.DeepClone();
                }
            }
            foreach (var (kind, entries) in Section(document, "components"))
            {
                var into = Section(components, kind);
                foreach (var (name, entry) in entries!.AsObject())
                {
                    into.TryAdd(name, entry!.DeepClone());
                }
            }
            foreach (var tag in document["tags"] as JsonArray ?? [])
            {
                if (!tags.Any(t => t?["name"]?.GetValue<string>() == tag?["name"]?.GetValue<string>()))
                {
                    tags.Add(tag!.DeepClone());
                }
            }
        }
        merged["tags"] = tags;
        GatewayAnswers.AddTo(paths, components);
        return merged.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Section(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }
}

using Publishing.Gateway.Caching;
using Publishing.Gateway.Readers;
using Microsoft.Net.Http.Headers;
using Publishing.Contracts;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Publishing.Gateway.Routing;

/// <summary>Every <c>/api</c> path of the public contract, sent to the service that owns it, each with its body limit (<see cref="BodyLimits"/>).</summary>
public static class ServiceRoutes
{
    private const string Votes = "votes";

    public static IHostApplicationBuilder AddServiceRoutes(this IHostApplicationBuilder builder)
    {
        var addresses = ServiceAddresses.From(builder.Configuration);
        builder.Services.AddSingleton(addresses);
        builder.Services.AddSingleton(PublicOrigin.From(builder.Configuration));
        builder.Services.AddReverseProxy()
            .LoadFromMemory(Routes(), Clusters(addresses))
            .AddTransforms(transforms =>
            {
                transforms.ForwardReader();
                if (transforms.Route.RouteId == Votes)
                {
                    transforms.ForgetRecommendationsOnVote();
                }
                // What is not shared may be this reader's own (their vote, their recommendations): no cache keeps it.
                if (transforms.Route.OutputCachePolicy is null)
                {
                    transforms.AddResponseHeader(HeaderNames.CacheControl, "private, no-store", append: false);
                }
            });
        return builder;
    }

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        Route("ingest-batch", "ingest", "/api/ingest/articles/batch", Limits.BatchRequestBytes),
        Route("ingest-ninjs-batch", "ingest", "/api/ingest/ninjs/batch", Limits.BatchRequestBytes),
        Route("ingest", "ingest", "/api/ingest/{**rest}", Limits.ArticleRequestBytes),
        Route(Votes, "voting", "/api/articles/{id}/votes"),
        Route("related", "ranking", "/api/articles/{id}/related", shared: true),
        Route("articles", "articles", "/api/articles/{**rest}", shared: true),
        Route("trending", "ranking", "/api/trending", shared: true),
        Route("recommendations", "ranking", "/api/recommendations"),
    ];

    /// <summary>A <paramref name="shared"/> route answers the same to every reader: caches in front may share its reads (<see cref="SharedResponses"/>).</summary>
    private static RouteConfig Route(string id, string cluster, string path, long maxBody = Limits.OtherRequestBytes, bool shared = false) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Match = new RouteMatch { Path = path },
        MaxRequestBodySize = maxBody,
        OutputCachePolicy = shared ? SharedResponses.Reads : null,
    };

    private static IReadOnlyList<ClusterConfig> Clusters(ServiceAddresses addresses) =>
        addresses.All.Select(service => new ClusterConfig
        {
            ClusterId = service.Name,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service.Name] = new() { Address = service.Address.ToString() },
            },
        }).ToList();
}

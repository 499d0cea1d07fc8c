using Publishing.Gateway.Readers;
using Yarp.ReverseProxy.Configuration;

namespace Publishing.Gateway.Routing;

/// <summary>Every <c>/api</c> path of the public contract, sent to the service that owns it, each with its body limit (<see cref="BodyLimits"/>).</summary>
public static class ServiceRoutes
{
    public static IHostApplicationBuilder AddServiceRoutes(this IHostApplicationBuilder builder)
    {
        var addresses = ServiceAddresses.From(builder.Configuration);
        builder.Services.AddSingleton(addresses);
        builder.Services.AddSingleton(PublicOrigin.From(builder.Configuration));
        builder.Services.AddReverseProxy()
            .LoadFromMemory(Routes(), Clusters(addresses))
            .AddTransforms(transforms => transforms.ForwardReader());
        return builder;
    }

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        Route("ingest-batch", "ingest", "/api/ingest/articles/batch", BodyLimits.Batch),
        Route("ingest-ninjs-batch", "ingest", "/api/ingest/ninjs/batch", BodyLimits.Batch),
        Route("ingest", "ingest", "/api/ingest/{**rest}", BodyLimits.Article),
        Route("votes", "voting", "/api/articles/{id}/votes"),
        Route("related", "ranking", "/api/articles/{id}/related"),
        Route("articles", "articles", "/api/articles/{**rest}"),
        Route("trending", "ranking", "/api/trending"),
        Route("recommendations", "ranking", "/api/recommendations"),
    ];

    private static RouteConfig Route(string id, string cluster, string path, long maxBody = BodyLimits.Other) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Match = new RouteMatch { Path = path },
        MaxRequestBodySize = maxBody,
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

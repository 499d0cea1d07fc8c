using Publishing.ServiceDefaults.Newsrooms;

namespace Publishing.Ingest.Newsrooms;

public static class NewsroomAuthentication
{
    private const string ItemKey = "newsroom";

    public static IHostApplicationBuilder AddNewsroomKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NewsroomKeys>();
        return builder;
    }

    /// <summary>Admits a request that carries a known key, as <c>Authorization: ApiKey …</c> or <c>X-Api-Key</c>; 401 otherwise.</summary>
    public static RouteGroupBuilder RequireNewsroomKey(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var key = NewsroomKeyHeader.Presented(http.Request.Headers);
            var newsroom = key is null ? null : http.RequestServices.GetRequiredService<NewsroomKeys>().Find(key);
            if (newsroom is null)
            {
                http.Response.Headers.WWWAuthenticate = "ApiKey";
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    detail: key is null
                        ? NewsroomKeyHeader.Missing
                        : "The API key is not known or has been revoked.");
            }
            http.Items[ItemKey] = newsroom;
            return await next(context);
        });

    /// <summary>The newsroom the request's key belongs to (set by <see cref="RequireNewsroomKey"/>).</summary>
    public static Newsroom Newsroom(this HttpContext context) => (Newsroom)context.Items[ItemKey]!;
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Publishing.Gateway.Caching;

namespace Publishing.Gateway.Pages;

/// <summary>The reader pages (API.md, "Pages"): server-rendered HTML built from the services' public APIs, the same for every reader.</summary>
public static class ReaderPages
{
    private static readonly string[] ReadOnly = [HttpMethods.Get, HttpMethods.Head];

    public static IHostApplicationBuilder AddPages(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Pages").Get<PageOptions>() ?? new PageOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<PageAssets>();
        builder.Services.AddSingleton<Layout>();
        builder.Services.AddSingleton<SiteTrending>();
        builder.Services.AddSingleton<ArticleBodies>();
        // A list that takes longer than this is left out of the page rather than holding the reader up.
        // No log scope and log lines per call: the pages and the reader's part make thousands a second (the traces keep them).
        builder.Services.AddHttpClient<PageSources>(client => client.Timeout = TimeSpan.FromSeconds(3)).RemoveAllLoggers();
        return builder;
    }

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Pages").ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            SetPageHeaders(context.HttpContext.Response.Headers);
            return await next(context);
        });
        // HEAD too: link checkers and uptime monitors ask with it.
        pages.MapMethods("/", ReadOnly, FrontPage.Show).CacheOutput(SharedResponses.Pages);
        pages.MapMethods("/articles/{slug}", ReadOnly, ArticlePage.Show).CacheOutput(SharedResponses.Pages);
        pages.MapPost("/articles/{slug}/vote", ArticlePage.Vote).DisableAntiforgery();
        // Kept compressed in memory: their addresses change with their content.
        app.MapGet("/assets/{name}", (string name, HttpContext context, PageAssets assets) => assets.Serve(name, context))
            .CacheOutput(policy => policy.Expire(TimeSpan.FromHours(1)).SetVaryByHeader(HeaderNames.AcceptEncoding)).ExcludeFromDescription();
        // Where browsers look for an icon on a page that names none (a feed, a problem, the API reference).
        app.MapGet("/favicon.ico", (HttpContext context, PageAssets assets) => assets.Serve("favicon.svg", context)).ExcludeFromDescription();
        app.MapFallback(ErrorPages.Fallback);
        return app;
    }

    public static ContentHttpResult Page(Markup page, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(page.Value, "text/html; charset=utf-8", statusCode: status);

    /// <summary>
    /// Only our own scripts run, whatever an article body might carry; images in bodies may come from the newsroom's
    /// servers. How long a page may be kept is <see cref="SharedResponses"/>' to say.
    /// </summary>
    private static void SetPageHeaders(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }
}

using System.Text;
using System.Xml;
using Publishing.Gateway.Pages;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Gateway.Feeds;

/// <summary>
/// <c>GET /sitemap.xml</c> (sitemaps.org) with the newest articles' addresses, and <c>GET /robots.txt</c> pointing
/// crawlers to it and away from the JSON API: search engines are how many readers find an article.
/// </summary>
public static class Sitemap
{
    public const string Path = "/sitemap.xml";

    /// <summary>The newest articles listed: pages of the newest-first list, read one after the other.</summary>
    private const int Articles = 1000;
    private const int PageSize = 100;

    public static IEndpointRouteBuilder MapSitemap(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], Serve).CacheOutput(FeedCaching.Policy).ExcludeFromDescription();
        app.MapMethods("/robots.txt", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text($"User-agent: *\nDisallow: /api/\nSitemap: {Layout.Origin(context.Request)}{Path}\n", "text/plain; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Serve(HttpContext context, PageSources sources, CancellationToken cancellationToken)
    {
        var articles = new List<ListedArticle>();
        string? cursor = null;
        do
        {
            var page = await sources.LatestAsync(null, cursor, PageSize, cancellationToken);
            if (!page.Answered)
            {
                context.Response.Headers.RetryAfter = "60";
                return ProblemDetailsExtensions.Problem(StatusCodes.Status503ServiceUnavailable, "The articles cannot be listed right now; try again shortly.");
            }
            articles.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && articles.Count < Articles);

        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Bytes(Write(articles, Layout.Origin(context.Request)), "application/xml; charset=utf-8");
    }

    private static byte[] Write(IEnumerable<ListedArticle> articles, string site)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            const string sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
            xml.WriteStartDocument();
            xml.WriteStartElement("urlset", sitemap);
            foreach (var article in articles)
            {
                xml.WriteStartElement("url", sitemap);
                xml.WriteElementString("loc", sitemap, site + Layout.ArticlePath(article.Slug));
                xml.WriteElementString("lastmod", sitemap, Layout.Timestamp(article.LastChanged));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return buffer.ToArray();
    }

}

using Publishing.Gateway.Pages;

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

    /// <summary>Crawlers kept out of the JSON API and pointed to the sitemap.</summary>
    public static IResult Robots(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Text($"User-agent: *\nDisallow: /api/\nSitemap: {Layout.Origin(context.Request)}{Path}\n", "text/plain; charset=utf-8");
    }

    public static async Task<IResult> Serve(HttpContext context, PageSources sources, CancellationToken cancellationToken)
    {
        var articles = new List<ListedArticle>();
        string? cursor = null;
        do
        {
            var page = await sources.LatestAsync(null, cursor, PageSize, cancellationToken);
            if (!page.Answered)
            {
                return FeedEndpoints.Unavailable(context, 60, "The articles cannot be listed right now; try again shortly.");
            }
            articles.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && articles.Count < Articles);

        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Bytes(Write(articles, Layout.Origin(context.Request)), "application/xml; charset=utf-8");
    }

    private static byte[] Write(IEnumerable<ListedArticle> articles, string site) =>
        FeedEndpoints.Xml(xml =>
        {
            const string sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
            xml.WriteStartElement("urlset", sitemap);
            foreach (var article in articles)
            {
                xml.WriteStartElement("url", sitemap);
                xml.WriteElementString("loc", sitemap, site + Layout.ArticlePath(article.Slug));
                xml.WriteElementString("lastmod", sitemap, Layout.Timestamp(article.LastChanged));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        });
}

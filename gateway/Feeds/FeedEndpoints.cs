using System.Text;
using System.Xml;
using Microsoft.Net.Http.Headers;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Gateway.Feeds;

/// <summary>
/// What machines read rather than people: the Atom feed, the sitemap and robots.txt. The feed and the sitemap are the
/// same for everyone and polled (feed readers, aggregators, crawlers), so the gateway answers them from memory for a
/// few seconds: a crowd of pollers costs Articles one read per topic every few seconds. A cached answer carries
/// <c>Age</c>, and <c>If-None-Match</c> still gets its <c>304</c>.
/// </summary>
public static class FeedEndpoints
{
    private const string CachePolicy = "feeds";
    // The sitemap takes no query: one entry, whatever a client appends, so that made-up queries cannot bypass it.
    private const string SitemapCachePolicy = "sitemap";
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(5);
    private static readonly string[] ReadOnly = [HttpMethods.Get, HttpMethods.Head];

    public static IHostApplicationBuilder AddFeeds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options =>
        {
            options.AddPolicy(CachePolicy, policy => policy.Expire(CacheDuration).SetVaryByQuery("topic").SetVaryByHeader(HeaderNames.AcceptEncoding));
            // The default policy varies by every query key; the sitemap by none.
            options.AddPolicy(SitemapCachePolicy, policy => policy.Expire(CacheDuration).SetVaryByQuery([]).SetVaryByHeader(HeaderNames.AcceptEncoding));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("").WithTags("Feeds").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        feeds.MapGet(AtomFeed.Path, AtomFeed.Serve).CacheOutput(CachePolicy).Produces(StatusCodes.Status200OK, contentType: "application/atom+xml")
            .WithSummary("The 50 latest articles (of one topic) as an Atom feed");
        feeds.MapGet(Sitemap.Path, Sitemap.Serve).CacheOutput(SitemapCachePolicy).Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .WithSummary("The addresses of the 1,000 newest articles, for search engines");
        // HEAD as GET, for feed readers and crawlers that ask first; the document lists the GETs.
        app.MapMethods(AtomFeed.Path, [HttpMethods.Head], AtomFeed.Serve).CacheOutput(CachePolicy).ExcludeFromDescription();
        app.MapMethods(Sitemap.Path, [HttpMethods.Head], Sitemap.Serve).CacheOutput(SitemapCachePolicy).ExcludeFromDescription();
        app.MapMethods("/robots.txt", ReadOnly, Sitemap.Robots).ExcludeFromDescription();
        return app;
    }

    /// <summary>The answer when Articles cannot list: a 503 to try again later, never an empty list that would look like no news.</summary>
    public static IResult Unavailable(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProblemDetailsExtensions.Problem(StatusCodes.Status503ServiceUnavailable, detail);
    }

    /// <summary>An XML document as UTF-8 bytes (no byte order mark), indented.</summary>
    public static byte[] Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            write(xml);
        }
        return buffer.ToArray();
    }
}

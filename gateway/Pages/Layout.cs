using System.Globalization;
using Publishing.Gateway.Feeds;
using static Publishing.Gateway.Pages.Markup;

namespace Publishing.Gateway.Pages;

/// <summary>The frame every page shares (masthead, sections, footer) and the fragments several pages show.</summary>
public sealed class Layout(PageAssets assets, PageOptions options)
{
    /// <summary>
    /// A whole page; <paramref name="feed"/> is the Atom feed a feed reader finds on it (the site's latest by default),
    /// <paramref name="head"/> what the page adds to its head (an article's canonical address and Open Graph tags).
    /// </summary>
    public Markup Document(string title, string description, Markup main, bool withPageScript = false, string feed = AtomFeed.Path, Markup head = default) => Html($"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title} · {options.SiteName}</title>
        <meta name="description" content="{description}">
        <meta property="og:site_name" content="{options.SiteName}">
        <meta property="og:title" content="{title}">
        <meta property="og:description" content="{description}">
        {head}
        <link rel="icon" href="{assets.Url("favicon.svg")}" type="image/svg+xml">
        <link rel="stylesheet" href="{assets.Url("site.css")}">
        <link rel="alternate" type="application/atom+xml" title="{options.SiteName}" href="{feed}">
        {(withPageScript ? Html($"""<script src="{assets.Url("page.js")}" defer></script>""") : Empty)}
        </head>
        <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="masthead">
          <div class="wrap masthead-inner">
            <a class="brand" href="/">{options.SiteName}</a>
            <nav class="sections" aria-label="Sections">
              <ul>
                <li><a href="/">Front page</a></li>
                {Join(options.Sections.Select(section => Html($"""<li><a href="{TopicPath(section)}">{TopicName(section)}</a></li>""")))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabindex="-1">
        {main}
        </main>
        <footer class="site-footer">
          <div class="wrap"><p>{options.SiteName} · Anonymous reading: one cookie remembers your votes, nothing else.</p></div>
        </footer>
        </body>
        </html>
        """);

    /// <summary>A list of links to articles, numbered when its order is the point of it (a ranking).</summary>
    public static Markup ArticleLinks(IEnumerable<ListedArticle> articles, bool ranked)
    {
        var items = Join(articles.Select(article => Html($"""
            <li data-id="{article.Id}"><a href="{ArticlePath(article.Slug)}">{article.Headline}</a> {Date(article.PublishedAt, brief: true)}</li>
            """)));
        return ranked ? Html($"""<ol class="links ranked">{items}</ol>""") : Html($"""<ul class="links">{items}</ul>""");
    }

    public static Markup Date(DateTimeOffset moment, bool brief = false)
    {
        var utc = moment.ToUniversalTime();
        var shown = brief
            ? utc.ToString("MMM d, HH:mm", CultureInfo.InvariantCulture)
            : utc.ToString("MMMM d, yyyy 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return Html($"""<time datetime="{Timestamp(moment)}">{shown}</time>""");
    }

    /// <summary>The site's address as the reader reached it (<c>https://news.example</c>), for absolute links.</summary>
    public static string Origin(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<Routing.PublicOrigin>().Of(request);

    /// <summary>The moment in UTC as RFC 3339 (<c>2025-04-16T18:29:53Z</c>), for machines: time elements, meta tags, feeds.</summary>
    public static string Timestamp(DateTimeOffset moment) =>
        moment.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static Markup Topics(IReadOnlyList<string>? topics) => topics is { Count: > 0 }
        ? Html($"""<ul class="topics" aria-label="Topics">{Join(topics.Select(topic => Html($"""<li><a href="{TopicPath(topic)}">{TopicName(topic)}</a></li>""")))}</ul>""")
        : Empty;

    public static string ArticlePath(string slug) => "/articles/" + Uri.EscapeDataString(slug);

    public static string TopicPath(string topic) => "/?topic=" + Uri.EscapeDataString(topic);

    /// <summary>"north-korea" reads as "North Korea".</summary>
    public static string TopicName(string topic) =>
        string.Join(' ', topic.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}

/// <summary>What a deployment may change about the pages (configuration section <c>Pages</c>).</summary>
public sealed class PageOptions
{
    public string SiteName { get; set; } = "The Newsroom";

    /// <summary>Topics linked from the masthead, as the newsrooms tag them.</summary>
    public string[] Sections { get; set; } = ["world", "business", "technology", "sports"];
}

using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Gateway.Feeds;
using Publishing.Gateway.Readers;
using static Publishing.Gateway.Pages.Markup;

namespace Publishing.Gateway.Pages;

/// <summary><c>GET /</c>: the latest articles (of one topic with <c>?topic=</c>) and what is trending.</summary>
public static class FrontPage
{
    private const int LatestLength = 24;
    private const int TrendingLength = 10;

    public static async Task<ContentHttpResult> Show(
        HttpContext context, PageSources sources, ReaderIdentity readers, Layout layout, CancellationToken cancellationToken,
        string? topic = null, string? cursor = null)
    {
        // A new reader gets a cookie now, unless its address has been given too many (the page shows all the same).
        _ = readers.Read(context) ?? readers.TryIssue(context, out _);
        topic = string.IsNullOrWhiteSpace(topic) ? null : topic.Trim().ToLowerInvariant();

        var latest = sources.LatestAsync(topic, cursor, LatestLength, cancellationToken);
        var trending = sources.TrendingAsync(topic, TrendingLength, cancellationToken);
        var (page, trendingArticles) = (await latest, await trending);

        var title = topic is null ? "Latest news" : Layout.TopicName(topic);
        var main = Html($"""
            <h1 class="page-title">{title}</h1>
            <div class="{(trendingArticles.Count == 0 ? "front" : "front with-trending")}">
              <section class="latest" aria-labelledby="latest-heading">
                <h2 id="latest-heading" class="section-heading">{(cursor is null ? "Latest" : "Earlier")}</h2>
                {(page.Items.Count == 0
                    ? Html($"""<p class="empty">No articles have been published here yet.</p>""")
                    : Html($"""<ol class="stories">{Join(page.Items.Select((article, index) => Story(article, lead: index == 0 && cursor is null)))}</ol>"""))}
                {(page.NextCursor is { } next
                    ? Html($"""<p class="pager"><a href="/?{(topic is null ? "" : "topic=" + Uri.EscapeDataString(topic) + "&")}cursor={Uri.EscapeDataString(next)}">Earlier articles</a></p>""")
                    : Empty)}
              </section>
              {(trendingArticles.Count == 0 ? Empty : Html($"""
                <aside class="trending" aria-labelledby="trending-heading">
                  <h2 id="trending-heading" class="section-heading">Trending</h2>
                  {Layout.ArticleLinks(trendingArticles, ranked: true)}
                </aside>
                """))}
            </div>
            """);
        return ReaderPages.Page(layout.Document(title, "The latest news and what readers find very good.", main, feed: AtomFeed.For(topic)));
    }

    private static Markup Story(ListedArticle article, bool lead) => Html($"""
        <li class="{(lead ? "story-card lead" : "story-card")}">
          <h3><a href="{Layout.ArticlePath(article.Slug)}">{article.Headline}</a></h3>
          {(string.IsNullOrWhiteSpace(article.Summary) ? Empty : Html($"""<p class="summary">{article.Summary}</p>"""))}
          <div class="meta">{Layout.Date(article.PublishedAt, brief: true)} {Layout.Topics(article.Topics)}</div>
        </li>
        """);
}

using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Gateway.RateLimits;
using Publishing.Gateway.Readers;
using Publishing.ServiceDefaults.Sanitizing;
using static Publishing.Gateway.Pages.Markup;

namespace Publishing.Gateway.Pages;

/// <summary>
/// <c>GET /articles/{slug}</c>: the article, its "veryGood!" button, and the Related, Ranking and Recommendation lists.
/// The page is the same for every reader (the gateway shares it, see <see cref="Caching.SharedResponses"/>): the
/// reader's own part, whether they voted and their recommendations, comes from <c>GET /api/readers/me</c>, which
/// <c>page.js</c> asks for and fills in. Without the script the button still votes (a form) and Recommendation shows
/// what trends beyond Ranking. Every part but the article itself may be missing when its service cannot answer in time.
/// <para>
/// Building a page costs three calls, Articles (the article), Voting (its count) and Ranking (Related): what trends is
/// the same on every page and read once per lifetime for the whole site (<see cref="SiteTrending"/>), and the body is
/// sanitised once per revision (<see cref="ArticleBodies"/>).
/// </para>
/// </summary>
public static partial class ArticlePage
{
    private const int ListLength = 8;

    public static async Task<Results<ContentHttpResult, RedirectHttpResult>> Show(
        string slug, HttpContext context, PageSources sources, SiteTrending siteTrending, ArticleBodies bodies, Layout layout, CancellationToken cancellationToken)
    {
        // Ranking, then what trends beyond it: the Recommendation of a reader the site knows nothing about.
        var trending = siteTrending.Get(sources);
        switch (await sources.ArticleAsync(slug, cancellationToken))
        {
            case ArticleLookup.Found { Article: var article } when article.Slug != slug:
                // An old slug (the headline was revised) or an id: one address per article.
                return TypedResults.Redirect(Layout.ArticlePath(article.Slug), permanent: true);
            case ArticleLookup.Found { Article: var article }:
                var votes = sources.VotesAsync(article.Id, readerId: null, cancellationToken);
                var related = await sources.RelatedAsync(article.Id, ListLength, cancellationToken);
                var count = (await votes)?.Count ?? article.Votes;
                var trendingArticles = await trending.Value;
                Caching.SharedResponses.KeepUntil(context, trending.FreshUntil);
                var ranking = Others(trendingArticles, article);
                var main = Render(article with { Votes = count }, bodies.Of(article), related, ranking, Others(trendingArticles, article, shown: ranking));
                return ReaderPages.Page(layout.Document(article.Headline, article.Summary ?? article.Headline, main, withPageScript: true, head: Sharing(article, context.Request)));
            case ArticleLookup.Withdrawn:
                return ErrorPages.Gone(layout);
            case ArticleLookup.Unknown:
                return ErrorPages.NotFound(layout);
            default:
                return ErrorPages.Unavailable(layout);
        }
    }

    /// <summary>
    /// The one address search engines should index, and the Open Graph tags that social networks and chat apps read
    /// when a reader shares the link.
    /// </summary>
    private static Markup Sharing(ArticleView article, HttpRequest request)
    {
        var address = Layout.Origin(request) + Layout.ArticlePath(article.Slug);
        return Html($"""
            <link rel="canonical" href="{address}">
            <meta property="og:type" content="article">
            <meta property="og:url" content="{address}">
            <meta property="article:published_time" content="{Layout.Timestamp(article.PublishedAt)}">
            {(Updated(article) is { } updated ? Html($"""<meta property="article:modified_time" content="{Layout.Timestamp(updated)}">""") : Empty)}
            {Join((article.Topics ?? []).Select(topic => Html($"""<meta property="article:tag" content="{Layout.TopicName(topic)}">""")))}
            <meta name="twitter:card" content="summary">
            """);
    }

    /// <summary>When a newer revision replaced the first one; null for an article never revised.</summary>
    private static DateTimeOffset? Updated(ArticleView article) => article is { Revision: > 1, UpdatedAt: { } updated } ? updated : null;

    /// <summary>The list without the article itself and without what another list beside it already shows.</summary>
    private static IReadOnlyList<ListedArticle> Others(IReadOnlyList<ListedArticle> list, ArticleView article, IReadOnlyList<ListedArticle>? shown = null) =>
        list.Where(item => item.Id != article.Id && shown?.Any(other => other.Id == item.Id) != true).Take(ListLength).ToList();

    private static Markup Render(ArticleView article, string body, IReadOnlyList<ListedArticle> related, IReadOnlyList<ListedArticle> ranking, IReadOnlyList<ListedArticle> recommended) => Html($"""
        <article class="story" lang="{article.Language ?? "en"}" aria-labelledby="headline">
          <header class="story-head">
            {Layout.Topics(article.Topics)}
            <h1 id="headline">{article.Headline}</h1>
            {(RepeatsBody(article) ? Empty : Html($"""<p class="standfirst">{article.Summary}</p>"""))}
            <p class="byline">
              {Byline(article.Byline)}
              {(string.IsNullOrWhiteSpace(article.Dateline) ? Empty : Html($"""<span class="dateline">{article.Dateline}</span>"""))}
              <span class="published">Published {Layout.Date(article.PublishedAt)}</span>
              {(Updated(article) is { } updated ? Html($"""<span class="updated">Updated {Layout.Date(updated)}</span>""") : Empty)}
            </p>
          </header>
          <div class="story-body">
        {Trusted(body)}
          </div>
          <footer class="story-foot">
            {VoteButton(article)}
          </footer>
        </article>
        <aside class="more" aria-label="More articles"{(related.Count + ranking.Count + recommended.Count == 0 ? new Markup(" hidden") : Empty)}>
          {List("related", "Related", related, ranked: false)}
          {List("ranking", "Ranking", ranking, ranked: true)}
          {List("recommendation", "Recommendation", recommended, ranked: false)}
        </aside>
        """);

    /// <summary>"By" once, whether or not the newsroom wrote it.</summary>
    private static Markup Byline(string? byline) => string.IsNullOrWhiteSpace(byline) ? Empty
        : byline.StartsWith("By ", StringComparison.OrdinalIgnoreCase) ? Html($"""<span class="author">{byline}</span>""")
        : Html($"""<span class="author">By {byline}</span>""");

    /// <summary>Newsrooms often send the first paragraph as the summary too: the reader needs it only once.</summary>
    private static bool RepeatsBody(ArticleView article) =>
        string.IsNullOrWhiteSpace(article.Summary)
        || ArticleHtml.PlainText(article.Body).StartsWith(Words(article.Summary), StringComparison.Ordinal);

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// A form, so that the button votes and retracts without the script too: it asks to <c>toggle</c>, since the shared
    /// page cannot know whether this reader voted (<see cref="Vote"/> answers it by sending the reader back to the page).
    /// <c>page.js</c> shows the reader's own state, takes the form over and sends the vote without leaving the page.
    /// </summary>
    private static Markup VoteButton(ArticleView article) => Html($"""
        <form class="vote" id="vote" method="post" action="{Layout.ArticlePath(article.Slug)}/vote">
          <input type="hidden" name="vote" value="toggle">
          <button type="submit" class="vote-button" aria-pressed="false" aria-describedby="vote-help"
                  data-article="{article.Id}" data-votes="/api/articles/{article.Id}/votes"><span class="vote-label">veryGood!</span> <span class="vote-count">(<span data-vote-count>{article.Votes}</span>)</span></button>
          <p id="vote-help" class="vote-help">Found this very good? Say so; press again to take it back.</p>
          <p class="vote-status" role="status" aria-live="polite"></p>
        </form>
        """);

    /// <summary>
    /// <c>POST /articles/{slug}/vote</c>, the form's answer when the script does not run: casts, retracts or toggles this
    /// reader's vote, then sends the reader back to the article. Only a form on a page of this site is taken: one on
    /// another site gets past neither the origin check nor, once a reader has one, the cookie (SameSite=Lax). A reader
    /// without a cookie (no script ran to ask for one) gets it here.
    /// </summary>
    public static async Task<Results<StatusCodeHttpResult, ProblemHttpResult>> Vote(
        string slug, HttpContext context, PageSources sources, ReaderIdentity readers, ReaderRecommendations kept, CancellationToken cancellationToken)
    {
        if (!FromThisSite(context.Request))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Votes are taken only from this site's pages.");
        }
        var back = Layout.ArticlePath(slug) + "#vote";
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : null;
        if (await sources.ArticleAsync(slug, cancellationToken) is ArticleLookup.Found { Article: var article })
        {
            var retryAfter = TimeSpan.Zero;
            if ((readers.Read(context) ?? readers.TryIssue(context, out retryAfter)) is not { } readerId)
            {
                return ReaderRateLimits.TooMany(context, retryAfter);
            }
            var retract = form?["vote"].ToString() switch
            {
                "retract" => true,
                "cast" => false,
                _ => (await sources.VotesAsync(article.Id, readerId, cancellationToken))?.Voted == true,
            };
            await sources.SetVoteAsync(article.Id, readerId, retract, cancellationToken);
            kept.Voted(readerId);
            back = Layout.ArticlePath(article.Slug) + "#vote";
        }
        return SeeOther(context, back);
    }

    /// <summary>303: the browser fetches the article with GET, and a reload does not post the vote again.</summary>
    private static StatusCodeHttpResult SeeOther(HttpContext context, string location)
    {
        context.Response.Headers.Location = location;
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>Browsers name the page a form came from in <c>Origin</c> (or at least <c>Sec-Fetch-Site</c>); it must be this site.</summary>
    private static bool FromThisSite(HttpRequest request)
    {
        if (request.Headers.Origin is [{ } origin] && origin != "null")
        {
            return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        }
        return request.Headers["Sec-Fetch-Site"] is not [{ } site] || site is "same-origin" or "none";
    }

    /// <summary>A list beside the article; an empty one is there but hidden, for the script to fill (the reader's recommendations).</summary>
    private static Markup List(string id, string title, IReadOnlyList<ListedArticle> articles, bool ranked) => Html($"""
        <section class="more-list" id="{id}" aria-labelledby="{id}-heading"{(articles.Count == 0 ? new Markup(" hidden") : Empty)}>
          <h2 id="{id}-heading" class="section-heading">{title}</h2>
          {Layout.ArticleLinks(articles, ranked)}
        </section>
        """);
}

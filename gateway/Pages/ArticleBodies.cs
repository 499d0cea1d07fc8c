using Publishing.Gateway.Caching;
using Publishing.ServiceDefaults.Sanitizing;

namespace Publishing.Gateway.Pages;

/// <summary>
/// Article bodies as the page shows them (<see cref="ArticleHtml.Body"/>: parsed, sanitised and written again, the
/// costliest part of building a page), made once per revision of an article rather than once per page built. Keyed by
/// the article, its revision and when it was revised, so a revision is shown as soon as Articles answers it; bounded
/// like the gateway's other per-key memories (<see cref="Generations{TValue}"/>).
/// </summary>
public sealed class ArticleBodies
{
    private readonly Generations<string> _bodies = new(10_000);

    public string Of(ArticleView article)
    {
        var key = $"{article.Id:N}/{article.Revision}/{article.UpdatedAt?.UtcTicks}";
        if (!_bodies.TryGet(key, out var body))
        {
            body = ArticleHtml.Body(article.Body);
            _bodies.Add(key, body);
        }
        return body;
    }
}

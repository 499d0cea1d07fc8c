using Publishing.Contracts;
using Publishing.ServiceDefaults.Sanitizing;

namespace Publishing.Articles.Publishing;

/// <summary>What the other services get of an article: plain text instead of HTML.</summary>
public static class ArticleText
{
    public static ArticleSnapshot Snapshot(ArticleSubmitted submitted) => new(
        submitted.ArticleId,
        submitted.Revision,
        submitted.Slug,
        submitted.Headline,
        submitted.Summary,
        ArticleHtml.PlainText(submitted.BodyHtml),
        submitted.Topics,
        submitted.Language,
        submitted.PublishedAt);
}

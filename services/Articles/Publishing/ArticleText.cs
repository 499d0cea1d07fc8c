using System.Net;
using System.Text.RegularExpressions;
using Publishing.Contracts;

namespace Publishing.Articles.Publishing;

/// <summary>What the other services get of an article: plain text instead of HTML.</summary>
public static partial class ArticleText
{
    public static ArticleSnapshot Snapshot(ArticleSubmitted submitted) => new(
        submitted.ArticleId,
        submitted.Revision,
        submitted.Slug,
        submitted.Headline,
        submitted.Summary,
        PlainText(submitted.BodyHtml),
        submitted.Topics,
        submitted.Language,
        submitted.PublishedAt);

    /// <summary>The text of sanitized HTML: tags become spaces, entities are decoded, white space is folded.</summary>
    public static string PlainText(string html)
    {
        var withoutTags = Tag().Replace(html, " ");
        return Space().Replace(WebUtility.HtmlDecode(withoutTags), " ").Trim();
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}

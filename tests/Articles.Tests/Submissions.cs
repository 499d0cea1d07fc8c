using Publishing.Contracts;

namespace Publishing.Articles.Tests;

/// <summary>Revisions as Ingest sends them: the slug is the headline's words and the end of the id.</summary>
public static class Submissions
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static ArticleSubmitted Revision(
        Guid articleId,
        int revision,
        string? headline = null,
        IReadOnlyList<string>? topics = null,
        DateTimeOffset? publishedAt = null,
        string body = "<p>SEOUL, South Korea (AP) &mdash; North Korean leader Kim Jong Un vowed&nbsp;more.</p><p>Second paragraph.</p>")
    {
        headline ??= $"Headline of revision {revision}";
        return new ArticleSubmitted(
            articleId,
            "newsroom-a",
            "ext-" + articleId.ToString("N"),
            revision,
            SlugFor(headline, articleId),
            headline,
            $"Summary of revision {revision}",
            body,
            "By A. Reporter",
            "SEOUL, South Korea (AP)",
            topics ?? ["world"],
            "en",
            publishedAt ?? Noon,
            Noon.AddMinutes(revision));
    }

    public static string SlugFor(string headline, Guid articleId) =>
        string.Join('-', headline.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)) + "-" + articleId.ToString("N")[^8..];

    public static ArticleWithdrawalSubmitted Withdrawal(Guid articleId) =>
        new(articleId, "newsroom-a", "ext-" + articleId.ToString("N"), Noon.AddHours(1));
}

using Publishing.Contracts;

namespace Publishing.Articles.Storage;

/// <summary>
/// The articles, every revision of them. Each Apply method records its message id in the same transaction as
/// its effect, so redelivery changes nothing, and puts the events it causes in the outbox.
/// </summary>
public interface IArticleStore
{
    /// <summary>Stores the revision if it is newer than the newest known and the article is not withdrawn.</summary>
    Task ApplySubmissionAsync(Guid messageId, ArticleSubmitted submitted, CancellationToken cancellationToken);

    /// <summary>Withdraws the article for good, even one not seen yet (a withdrawal wins over every revision it follows).</summary>
    Task ApplyWithdrawalAsync(Guid messageId, ArticleWithdrawalSubmitted withdrawal, CancellationToken cancellationToken);

    /// <summary>Keeps the article's vote count if <paramref name="sequence"/> is newer than the one it has.</summary>
    Task ApplyVoteCountAsync(Guid messageId, Guid articleId, long count, long sequence, CancellationToken cancellationToken);

    /// <summary>Every revision of the article that arrived, oldest first, including those too late to be served.</summary>
    Task<IReadOnlyList<ArticleSubmitted>> RevisionsAsync(Guid articleId, CancellationToken cancellationToken);

    /// <summary>The newest revision, by id or by any slug the article ever had.</summary>
    Task<ArticleLookup> FindAsync(string idOrSlug, CancellationToken cancellationToken);

    /// <summary>Readable articles, newest first, after <paramref name="after"/>; <paramref name="topic"/> is a <see cref="TopicKey"/>.</summary>
    Task<IReadOnlyList<ArticleSummary>> ListAsync(string? topic, int limit, ListPosition? after, CancellationToken cancellationToken);
}

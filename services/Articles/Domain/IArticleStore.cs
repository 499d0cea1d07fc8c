using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;

namespace Publishing.Articles.Domain;

/// <summary>The articles, every revision of them. The store only stores: what a change does is <see cref="ArticleRules"/>.</summary>
public interface IArticleStore
{
    /// <summary>
    /// Applies the changes in order, in one transaction: each as <see cref="ArticleRules"/> decides, with its inbox
    /// record and the event it causes in the outbox. A change whose message is already recorded changes nothing.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<Delivered<ArticleChange>> changes, CancellationToken cancellationToken);

    // One message: a list of one.

    Task ApplySubmissionAsync(Guid messageId, ArticleSubmitted submitted, CancellationToken cancellationToken) =>
        ApplyAsync([new(messageId, new ArticleChange.Submission(submitted))], cancellationToken);

    Task ApplyWithdrawalAsync(Guid messageId, ArticleWithdrawalSubmitted withdrawal, CancellationToken cancellationToken) =>
        ApplyAsync([new(messageId, new ArticleChange.Withdrawal(withdrawal))], cancellationToken);

    Task ApplyVoteCountAsync(Guid messageId, Guid articleId, long count, long sequence, CancellationToken cancellationToken) =>
        ApplyAsync([new(messageId, new ArticleChange.VoteCount(articleId, count, sequence))], cancellationToken);

    /// <summary>Every revision of the article that arrived, oldest first, including those too late to be served.</summary>
    Task<IReadOnlyList<ArticleSubmitted>> RevisionsAsync(Guid articleId, CancellationToken cancellationToken);

    /// <summary>The newest revision, by id or by any slug the article ever had.</summary>
    Task<ArticleLookup> FindAsync(string idOrSlug, CancellationToken cancellationToken);

    /// <summary>Readable articles, newest first, after <paramref name="after"/>; <paramref name="topic"/> is a <see cref="TopicKey"/>.</summary>
    Task<IReadOnlyList<ArticleSummary>> ListAsync(string? topic, int limit, ListPosition? after, CancellationToken cancellationToken);
}

public static class ArticleStoreChanges
{
    /// <summary>The inbox name of a change: one per kind of message, as each kind has a consumer of its own.</summary>
    public static string InboxConsumer(ArticleChange change) => change switch
    {
        ArticleChange.Submission => "articles:submitted",
        ArticleChange.Withdrawal => "articles:withdrawn",
        _ => "articles:votes",
    };
}

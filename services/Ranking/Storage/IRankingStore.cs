using Publishing.Contracts;
using Publishing.Ranking.Domain;
using Publishing.ServiceDefaults.Messaging;

namespace Publishing.Ranking.Storage;

/// <summary>
/// What the Ranking projections rest on: the newest revision of each article, withdrawals, and each reader's vote
/// per article as of the newest count change seen. The store only stores: what a change does is
/// <see cref="RankingRules"/>' decision, saved with the message's inbox record, so the in-memory model applies each
/// effect once whatever the redelivery or the order of arrival.
/// </summary>
public interface IRankingStore
{
    /// <summary>
    /// Applies the changes of messages consumed by <paramref name="consumer"/> in order, in one transaction: each as
    /// <see cref="RankingRules"/> decides, with its inbox record and, when it changes something, its entry in the feed
    /// (the model follows the feed, so nothing else is answered). A change whose message is already recorded changes nothing.
    /// </summary>
    Task ApplyAsync(string consumer, IReadOnlyList<Delivered<RankingChange>> changes, CancellationToken cancellationToken);

    // One message: a list of one.

    Task PutArticleAsync(Guid messageId, string consumer, ArticleSnapshot article, CancellationToken cancellationToken) =>
        ApplyAsync(consumer, [new(messageId, new RankingChange.Article(article))], cancellationToken);

    Task WithdrawAsync(Guid messageId, string consumer, Guid articleId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        ApplyAsync(consumer, [new(messageId, new RankingChange.Withdrawal(articleId, withdrawnAt))], cancellationToken);

    Task PutVoteAsync(Guid messageId, string consumer, ReaderVote vote, CancellationToken cancellationToken) =>
        ApplyAsync(consumer, [new(messageId, new RankingChange.Vote(vote))], cancellationToken);

    /// <summary>
    /// Everything the model is rebuilt from: articles in the order they were first stored, the votes that stand, and
    /// the position in the store's feed of changes that this covers at least (changes after it may be included too).
    /// </summary>
    Task<RankingSnapshot> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The feed that keeps every replica's model in step with the store, whichever replica consumed the event: the
    /// articles and votes changed after <paramref name="position"/>, as they are now (votes retracted included), and
    /// the position this covers. Positions number the changes in the order they were committed. When changes after
    /// <paramref name="position"/> were trimmed (<see cref="TrimFeedAsync"/>), it answers every article and every vote.
    /// </summary>
    Task<RankingSnapshot> ChangesAfterAsync(long position, CancellationToken cancellationToken);

    /// <summary>
    /// Notes the feed's last position as of <paramref name="now"/>, then deletes the entries up to the last position
    /// noted at or before <paramref name="cutoff"/>: replicas follow the feed four times a second and start from the
    /// whole store, so only the newest entries are ever read. Answers how many entries went.
    /// </summary>
    Task<long> TrimFeedAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Keeps a checkpoint of the related-articles index, covering every change up to feed position <paramref name="covers"/>.</summary>
    Task SaveCheckpointAsync(byte[] checkpoint, long covers, CancellationToken cancellationToken);

    /// <summary>The last checkpoint and the article change it covers (see <see cref="StoredArticle.Change"/>), if any.</summary>
    Task<RelatedCheckpoint?> LoadCheckpointAsync(CancellationToken cancellationToken);
}

public sealed record RelatedCheckpoint(long Covers, byte[] Data);

/// <summary>A reader's vote for an article after the count change <paramref name="Sequence"/>: standing or retracted.</summary>
public sealed record ReaderVote(Guid ArticleId, string ReaderId, long Sequence, DateTimeOffset CastAt, bool Standing);

/// <param name="Change">The feed position of the article's latest change (publication, revision, withdrawal).</param>
public sealed record StoredArticle(Guid Id, ArticleSnapshot? Article, bool Withdrawn, long Change);

public sealed record RankingSnapshot(IReadOnlyList<StoredArticle> Articles, IReadOnlyList<ReaderVote> Votes, long Position);

using Publishing.Contracts;
using Publishing.Ranking.Storage;

namespace Publishing.Ranking.Domain;

/// <summary>What the rules know of an article: the revision stored (0 for none) and whether it was withdrawn.</summary>
public sealed record ArticleState(int Revision, bool Withdrawn)
{
    public static readonly ArticleState Unseen = new(0, false);
}

/// <summary>A change the Ranking consumers bring.</summary>
public abstract record RankingChange(Guid ArticleId)
{
    /// <summary>A publication or a revision: the same change to Ranking, the newer revision wins.</summary>
    public sealed record Article(ArticleSnapshot Snapshot) : RankingChange(Snapshot.ArticleId);

    public sealed record Withdrawal(Guid ArticleId, DateTimeOffset WithdrawnAt) : RankingChange(ArticleId);

    /// <summary>A vote cast or retracted (<see cref="ReaderVote.Standing"/>), as of the article's count change <see cref="ReaderVote.Sequence"/>.</summary>
    public sealed record Vote(ReaderVote ReaderVote) : RankingChange(ReaderVote.ArticleId);
}

/// <summary>What the store is to save for a change, and so put in the feed every replica's model follows.</summary>
public abstract record RankingDecision
{
    /// <summary>A repeat, a late revision, a revision of a withdrawn article, or a vote change older than the one stored.</summary>
    public sealed record Unchanged : RankingDecision;

    public sealed record KeepArticle(ArticleSnapshot Snapshot) : RankingDecision;

    public sealed record Withdraw(Guid ArticleId, DateTimeOffset WithdrawnAt) : RankingDecision;

    /// <summary>The reader's vote for the article is <paramref name="Vote"/> from now on (standing or retracted).</summary>
    public sealed record KeepVote(ReaderVote Vote) : RankingDecision;
}

/// <summary>
/// The rules of the Ranking projections, the same for every store: a newer revision wins; a withdrawal wins over every
/// revision, before or after it, and the first one stands; of a reader's votes for an article the one with the newest
/// count change wins, so a vote that arrives after its retraction changes nothing. A vote for a withdrawn article is
/// kept like any other: the article has left every list, so the model adds it to no trending score. The adapters load the state, ask <see cref="Decide(ArticleState, RankingChange)"/> or
/// <see cref="Decide(ReaderVote?, ReaderVote)"/>, and save the decision with the inbox record and a feed entry.
/// </summary>
public static class RankingRules
{
    public static RankingDecision Decide(ArticleState state, RankingChange change) => change switch
    {
        RankingChange.Article { Snapshot: var article } when !state.Withdrawn && article.Revision > state.Revision => new RankingDecision.KeepArticle(article),
        RankingChange.Withdrawal withdrawal when !state.Withdrawn => new RankingDecision.Withdraw(withdrawal.ArticleId, withdrawal.WithdrawnAt),
        RankingChange.Article or RankingChange.Withdrawal => new RankingDecision.Unchanged(),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Not a change of an article."),
    };

    /// <param name="stored">The reader's vote for the article as stored, null when there is none.</param>
    public static RankingDecision Decide(ReaderVote? stored, ReaderVote vote) =>
        stored is not null && stored.Sequence >= vote.Sequence
            ? new RankingDecision.Unchanged()
            : new RankingDecision.KeepVote(vote);

    /// <summary>The article after the store saved <paramref name="decision"/>.</summary>
    public static ArticleState Evolve(ArticleState state, RankingDecision decision) => decision switch
    {
        RankingDecision.KeepArticle keep => state with { Revision = keep.Snapshot.Revision },
        RankingDecision.Withdraw => state with { Withdrawn = true },
        _ => state,
    };
}

using Publishing.Articles.Publishing;
using Publishing.Contracts;

namespace Publishing.Articles.Domain;

/// <summary>What the rules know of an article: its served revision (0 for none), its withdrawal and its vote count.</summary>
public sealed record ArticleState(int Revision, DateTimeOffset? WithdrawnAt, long Votes, long VotesSequence)
{
    /// <summary>An article the store has never heard of.</summary>
    public static readonly ArticleState Unseen = new(0, null, 0, 0);

    public bool Withdrawn => WithdrawnAt is not null;
}

/// <summary>A change the Articles consumers bring, for one article.</summary>
public abstract record ArticleChange(Guid ArticleId)
{
    /// <summary>
    /// A revision from Ingest. Whatever is decided, the store keeps it in the article's history and its slug resolves:
    /// Ingest gave the slug to the newsroom, and a withdrawn article's slugs answer 410 rather than 404.
    /// </summary>
    public sealed record Submission(ArticleSubmitted Revision) : ArticleChange(Revision.ArticleId);

    public sealed record Withdrawal(ArticleWithdrawalSubmitted Withdrawn) : ArticleChange(Withdrawn.ArticleId);

    /// <summary>The article's count after its vote change number <paramref name="Sequence"/> (from Voting).</summary>
    public sealed record VoteCount(Guid ArticleId, long Count, long Sequence) : ArticleChange(ArticleId);
}

/// <summary>What the store is to save for a change: the new state, and the event to put in the outbox, if any.</summary>
public abstract record ArticleDecision
{
    /// <summary>The state stands (a repeat, a late revision, a revision of a withdrawn article, an older count).</summary>
    public sealed record Unchanged : ArticleDecision;

    /// <summary>
    /// Readers get <paramref name="Revision"/> from now on, and the other services <paramref name="Snapshot"/>: as
    /// <see cref="ArticleRevised"/> when it <paramref name="Replaces"/> a served revision, else as <see cref="ArticlePublished"/>.
    /// </summary>
    public sealed record Serve(ArticleSubmitted Revision, ArticleSnapshot Snapshot, bool Replaces) : ArticleDecision;

    /// <summary>The article answers 410 from now on and leaves every list.</summary>
    public sealed record Withdraw(ArticleWithdrawn Event) : ArticleDecision;

    public sealed record KeepCount(long Count, long Sequence) : ArticleDecision;
}

/// <summary>
/// The rules of the articles, the same for every store: a newer revision wins; a withdrawal wins over every revision,
/// before or after it, and the first one stands; a vote count wins over an older one by its sequence, withdrawn
/// article or not. The adapters load an <see cref="ArticleState"/>, ask <see cref="Decide"/>, and save the decision
/// with the message's inbox record.
/// </summary>
public static class ArticleRules
{
    public static ArticleDecision Decide(ArticleState state, ArticleChange change) => change switch
    {
        ArticleChange.Submission { Revision: var revision } when state.Withdrawn || revision.Revision <= state.Revision => new ArticleDecision.Unchanged(),
        ArticleChange.Submission { Revision: var revision } => new ArticleDecision.Serve(revision, ArticleText.Snapshot(revision), Replaces: state.Revision > 0),
        ArticleChange.Withdrawal when state.Withdrawn => new ArticleDecision.Unchanged(),
        ArticleChange.Withdrawal { Withdrawn: var withdrawal } => new ArticleDecision.Withdraw(new ArticleWithdrawn(withdrawal.ArticleId, withdrawal.WithdrawnAt)),
        ArticleChange.VoteCount count when count.Sequence <= state.VotesSequence => new ArticleDecision.Unchanged(),
        ArticleChange.VoteCount count => new ArticleDecision.KeepCount(count.Count, count.Sequence),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Not a change of an article."),
    };

    /// <summary>The state after the store saved <paramref name="decision"/>.</summary>
    public static ArticleState Evolve(ArticleState state, ArticleDecision decision) => decision switch
    {
        ArticleDecision.Serve serve => state with { Revision = serve.Revision.Revision },
        ArticleDecision.Withdraw withdraw => state with { WithdrawnAt = withdraw.Event.WithdrawnAt },
        ArticleDecision.KeepCount count => state with { Votes = count.Count, VotesSequence = count.Sequence },
        _ => state,
    };
}

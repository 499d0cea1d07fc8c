using Publishing.Contracts;

namespace Publishing.Voting.Domain;

/// <summary>
/// What Voting knows of an article: when Articles published and withdrew it (as far as the events said), its count
/// and the number of its last count change.
/// </summary>
public sealed record CatalogueEntry(DateTimeOffset? PublishedAt, DateTimeOffset? WithdrawnAt, long Votes, long Sequence)
{
    /// <summary>An article no event has mentioned yet.</summary>
    public static readonly CatalogueEntry Unseen = new(null, null, 0, 0);
}

/// <summary>What Articles told of an article: it was published, or withdrawn, at a time.</summary>
public abstract record CatalogueChange(Guid ArticleId, DateTimeOffset At)
{
    public sealed record Published(Guid ArticleId, DateTimeOffset At) : CatalogueChange(ArticleId, At);
    public sealed record Withdrawn(Guid ArticleId, DateTimeOffset At) : CatalogueChange(ArticleId, At);
}

/// <summary>A reader's vote (<see cref="Cast"/>) or its retraction, at a time.</summary>
public abstract record Ballot(Guid ArticleId, string ReaderId, DateTimeOffset At)
{
    public sealed record Cast(Guid ArticleId, string ReaderId, DateTimeOffset At) : Ballot(ArticleId, ReaderId, At);
    public sealed record Retraction(Guid ArticleId, string ReaderId, DateTimeOffset At) : Ballot(ArticleId, ReaderId, At);
}

/// <summary>What the store is to save for a ballot, and what the reader is answered.</summary>
public abstract record BallotDecision(VoteTally Tally)
{
    /// <summary>Nothing to save: the article takes no votes, or the reader's vote already is as asked.</summary>
    public sealed record Unchanged(VoteTally Tally) : BallotDecision(Tally);

    /// <summary>The reader's vote is stored (cast at <see cref="VoteCast.CastAt"/>), the count and sequence become the event's.</summary>
    public sealed record Record(VoteTally.Counted Counted, VoteCast Event) : BallotDecision(Counted);

    /// <summary>The reader's vote is deleted, the count and sequence become the event's.</summary>
    public sealed record Remove(VoteTally.Counted Counted, VoteRetracted Event) : BallotDecision(Counted);
}

/// <summary>
/// The rules of voting, the same for every store. An article takes votes once it is published and until it is
/// withdrawn: a vote or a retraction for a withdrawn article is answered <see cref="VoteTally.Withdrawn"/> and changes
/// nothing, even when the withdrawal arrived before the publication. A reader counts once per article. Every change of
/// a count takes the article's next sequence, which the events carry so that consumers keep the newest count.
/// The catalogue keeps the earliest publication and the earliest withdrawal it heard of, so that the same event twice,
/// or two events in either order, leave the same entry.
/// </summary>
public static class VoteRules
{
    /// <summary>The entry after the change; the same entry when it changes nothing.</summary>
    public static CatalogueEntry Catalogue(CatalogueEntry entry, CatalogueChange change) => change switch
    {
        CatalogueChange.Published published => Published(entry, published.At),
        CatalogueChange.Withdrawn withdrawn => Withdrawn(entry, withdrawn.At),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Not a change of the catalogue."),
    };

    public static CatalogueEntry Published(CatalogueEntry entry, DateTimeOffset publishedAt) =>
        entry with { PublishedAt = Earliest(entry.PublishedAt, publishedAt) };

    public static CatalogueEntry Withdrawn(CatalogueEntry entry, DateTimeOffset withdrawnAt) =>
        entry with { WithdrawnAt = Earliest(entry.WithdrawnAt, withdrawnAt) };

    private static DateTimeOffset Earliest(DateTimeOffset? known, DateTimeOffset heard) =>
        known is { } at && at <= heard ? at : heard;

    /// <summary>Why the article takes no votes (withdrawn, or not published yet), or null when it does.</summary>
    public static VoteTally? Closed(CatalogueEntry? entry) => entry switch
    {
        { WithdrawnAt: not null } => new VoteTally.Withdrawn(),
        null or { PublishedAt: null } => new VoteTally.Unknown(),
        _ => null,
    };

    /// <param name="votedAt">When the reader's standing vote for the article was cast, null when there is none.</param>
    public static BallotDecision Decide(CatalogueEntry? entry, DateTimeOffset? votedAt, Ballot ballot)
    {
        if (Closed(entry) is { } closed)
        {
            return new BallotDecision.Unchanged(closed);
        }
        var (votes, next) = (entry!.Votes, entry.Sequence + 1);
        return (ballot, votedAt) switch
        {
            (Ballot.Cast, not null) => new BallotDecision.Unchanged(new VoteTally.Counted(ballot.ArticleId, votes, Voted: true)),
            (Ballot.Cast, null) => new BallotDecision.Record(
                new VoteTally.Counted(ballot.ArticleId, votes + 1, Voted: true),
                new VoteCast(ballot.ArticleId, ballot.ReaderId, votes + 1, next, ballot.At)),
            (Ballot.Retraction, null) => new BallotDecision.Unchanged(new VoteTally.Counted(ballot.ArticleId, votes, Voted: false)),
            (Ballot.Retraction, { } castAt) => new BallotDecision.Remove(
                new VoteTally.Counted(ballot.ArticleId, votes - 1, Voted: false),
                new VoteRetracted(ballot.ArticleId, ballot.ReaderId, votes - 1, next, castAt, ballot.At)),
            _ => throw new ArgumentOutOfRangeException(nameof(ballot), ballot, "Not a ballot."),
        };
    }

    /// <summary>The entry after the store saved <paramref name="decision"/>.</summary>
    public static CatalogueEntry Evolve(CatalogueEntry entry, BallotDecision decision) => decision switch
    {
        BallotDecision.Record record => entry with { Votes = record.Event.Count, Sequence = record.Event.Sequence },
        BallotDecision.Remove remove => entry with { Votes = remove.Event.Count, Sequence = remove.Event.Sequence },
        _ => entry,
    };
}

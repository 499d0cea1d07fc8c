namespace Publishing.Voting.Domain;

/// <summary>
/// The votes, one per (reader, article) by the store's unique key, and the catalogue of articles that can be voted
/// for. The store only stores: what a ballot or a catalogue change does is <see cref="VoteRules"/>. A change of a
/// count puts its event in the outbox in the same transaction.
/// </summary>
public interface IVoteStore
{
    /// <summary>
    /// Saves the catalogue entries as <see cref="VoteRules.Catalogue"/> decides, the changes in order, in one
    /// transaction. Naturally idempotent: it needs no inbox record.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<CatalogueChange> changes, CancellationToken cancellationToken);

    /// <summary>Saves what <see cref="VoteRules.Decide"/> decides for the ballot, with its event in the outbox, and answers its tally.</summary>
    Task<VoteTally> ApplyAsync(Ballot ballot, CancellationToken cancellationToken);

    Task ApplyPublishedAsync(Guid articleId, DateTimeOffset publishedAt, CancellationToken cancellationToken) =>
        ApplyAsync([new CatalogueChange.Published(articleId, publishedAt)], cancellationToken);

    Task ApplyWithdrawnAsync(Guid articleId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        ApplyAsync([new CatalogueChange.Withdrawn(articleId, withdrawnAt)], cancellationToken);

    Task<VoteTally> CastAsync(Guid articleId, string readerId, DateTimeOffset castAt, CancellationToken cancellationToken) =>
        ApplyAsync(new Ballot.Cast(articleId, readerId, castAt), cancellationToken);

    Task<VoteTally> RetractAsync(Guid articleId, string readerId, DateTimeOffset retractedAt, CancellationToken cancellationToken) =>
        ApplyAsync(new Ballot.Retraction(articleId, readerId, retractedAt), cancellationToken);

    /// <summary>What the catalogue holds of the article; null when no event has mentioned it.</summary>
    Task<CatalogueEntry?> FindAsync(Guid articleId, CancellationToken cancellationToken);

    /// <summary>Whether the reader's vote for the article stands.</summary>
    Task<bool> HasVotedAsync(Guid articleId, string readerId, CancellationToken cancellationToken);

    /// <summary>The count, and whether <paramref name="readerId"/> (if any) voted; why not, when the article takes no votes.</summary>
    async Task<VoteTally> TallyAsync(Guid articleId, string? readerId, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(articleId, cancellationToken);
        return VoteRules.Closed(entry) ?? new VoteTally.Counted(
            articleId, entry!.Votes, readerId is not null && await HasVotedAsync(articleId, readerId, cancellationToken));
    }
}

/// <summary>What a vote, a retraction or a read found.</summary>
public abstract record VoteTally
{
    public sealed record Counted(Guid ArticleId, long Count, bool Voted) : VoteTally;
    public sealed record Withdrawn : VoteTally;
    public sealed record Unknown : VoteTally;
}

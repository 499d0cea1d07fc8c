namespace Publishing.Voting.Storage;

/// <summary>
/// The votes, one per (reader, article) by the store's unique key, and the catalogue of articles that can be voted
/// for. A change of a count puts its event in the outbox in the same transaction, carrying the new count and the
/// article's next sequence, so consumers keep counts without recounting.
/// </summary>
public interface IVoteStore
{
    /// <summary>The article can be voted for from now on, unless it was withdrawn (a withdrawal wins whatever the order).</summary>
    Task ApplyPublishedAsync(Guid articleId, DateTimeOffset publishedAt, CancellationToken cancellationToken);

    /// <summary>The article takes no more votes, even one not seen published yet.</summary>
    Task ApplyWithdrawnAsync(Guid articleId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken);

    /// <summary>Counts the reader's vote unless it is already counted.</summary>
    Task<VoteTally> CastAsync(Guid articleId, string readerId, DateTimeOffset castAt, CancellationToken cancellationToken);

    /// <summary>Takes the reader's vote back if there is one.</summary>
    Task<VoteTally> RetractAsync(Guid articleId, string readerId, DateTimeOffset retractedAt, CancellationToken cancellationToken);

    /// <summary>The count, and whether <paramref name="readerId"/> (if any) voted.</summary>
    Task<VoteTally> TallyAsync(Guid articleId, string? readerId, CancellationToken cancellationToken);
}

/// <summary>What a vote, a retraction or a read found.</summary>
public abstract record VoteTally
{
    public sealed record Counted(Guid ArticleId, long Count, bool Voted) : VoteTally;
    public sealed record Withdrawn : VoteTally;
    public sealed record Unknown : VoteTally;
}

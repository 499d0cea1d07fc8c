using Publishing.Contracts;

namespace Publishing.Ingest.Storage;

/// <summary>What Ingest keeps: for each (source, externalId) one article id forever, the newest revision seen and its content hash.</summary>
public interface IIngestStore
{
    /// <summary>
    /// Records a revision and puts its <see cref="ArticleSubmitted"/> event (made by <paramref name="toEvent"/> from the
    /// article id) in the outbox, in one transaction, unless the revision is a repeat or a conflict.
    /// </summary>
    Task<SubmitOutcome> SubmitAsync(
        string source, string externalId, int revision, string contentHash,
        Func<Guid, ArticleSubmitted> toEvent, CancellationToken cancellationToken);

    /// <summary>Marks the article withdrawn and puts the withdrawal in the outbox; null when the article is unknown.</summary>
    Task<Guid?> WithdrawAsync(string source, string externalId, Func<Guid, ArticleWithdrawalSubmitted> toEvent, CancellationToken cancellationToken);
}

public abstract record SubmitOutcome
{
    /// <summary>A new article or a higher revision: the event is on its way.</summary>
    public sealed record Accepted(Guid ArticleId, string Slug, int Revision) : SubmitOutcome;

    /// <summary>The same revision with the same content again: nothing changes, the same id answers.</summary>
    public sealed record Repeated(Guid ArticleId, string Slug, int Revision) : SubmitOutcome;

    /// <summary>A lower revision, the same revision with other content, or a withdrawn article.</summary>
    public sealed record Conflict(Guid ArticleId, string Reason) : SubmitOutcome;
}

using Publishing.Contracts;

namespace Publishing.Ingest.Storage;

/// <summary>What Ingest keeps: for each (source, externalId) one article id forever, the newest revision seen and its content hash.</summary>
public interface IIngestStore
{
    /// <summary>
    /// Records each revision and puts its <see cref="ArticleSubmitted"/> event in the outbox, all in one transaction,
    /// unless a revision is a repeat or a conflict; each gets its own outcome, in order. Later revisions see the
    /// earlier ones, so one batch may create an article and revise it.
    /// </summary>
    Task<IReadOnlyList<SubmitOutcome>> SubmitAsync(string source, IReadOnlyList<RevisionSubmission> revisions, CancellationToken cancellationToken);

    /// <summary>Marks the article withdrawn and puts the withdrawal in the outbox; null when the article is unknown.</summary>
    Task<Guid?> WithdrawAsync(string source, string externalId, Func<Guid, ArticleWithdrawalSubmitted> toEvent, CancellationToken cancellationToken);
}

/// <summary>One revision to record: <paramref name="ToEvent"/> makes its event once the article id is known.</summary>
public sealed record RevisionSubmission(string ExternalId, int Revision, string ContentHash, Func<Guid, ArticleSubmitted> ToEvent);

public abstract record SubmitOutcome
{
    /// <summary>A new article or a higher revision: the event is on its way.</summary>
    public sealed record Accepted(Guid ArticleId, string Slug, int Revision) : SubmitOutcome;

    /// <summary>The same revision with the same content again: nothing changes, the same id answers.</summary>
    public sealed record Repeated(Guid ArticleId, string Slug, int Revision) : SubmitOutcome;

    /// <summary>A lower revision, the same revision with other content, or a withdrawn article.</summary>
    public sealed record Conflict(Guid ArticleId, string Reason) : SubmitOutcome;
}

public static class IngestStoreExtensions
{
    public static async Task<SubmitOutcome> SubmitAsync(this IIngestStore store, string source, RevisionSubmission revision, CancellationToken cancellationToken) =>
        (await store.SubmitAsync(source, [revision], cancellationToken))[0];
}

namespace Publishing.ServiceDefaults.Outbox;

/// <summary>The outbox side of a store: events committed with a change and not yet confirmed by the broker.</summary>
public interface IOutboxStore
{
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, CancellationToken cancellationToken);

    Task MarkSentAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken);

    Task<long> CountPendingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves a row that cannot be published (an unknown message type after a rolling upgrade, a body that does not
    /// serialise) out of the way, with the reason, so the rows behind it flow. It is kept for an operator to look at.
    /// </summary>
    Task SetAsideAsync(Guid messageId, string reason, CancellationToken cancellationToken);

    /// <summary>The whole backlog, not one batch of it: rows waiting, rows set aside, and when the oldest waiting row was committed.</summary>
    Task<OutboxBacklog> BacklogAsync(CancellationToken cancellationToken);
}

public sealed record OutboxBacklog(long Pending, long SetAside, DateTimeOffset? OldestPending);

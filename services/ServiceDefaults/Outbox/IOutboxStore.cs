namespace Publishing.ServiceDefaults.Outbox;

/// <summary>The outbox side of a store: events committed with a change and not yet confirmed by the broker.</summary>
public interface IOutboxStore
{
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, CancellationToken cancellationToken);

    Task MarkSentAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken);

    Task<long> CountPendingAsync(CancellationToken cancellationToken);
}

using MongoDB.Driver;
using Publishing.ServiceDefaults.Outbox;

namespace Publishing.ServiceDefaults.Storage.Mongo;

/// <summary>The outbox collection of a MongoDB store: events are inserted inside the change's transaction.</summary>
public sealed class MongoOutbox(MongoStore store) : IOutboxStore
{
    public const string CollectionName = "outbox";

    private IMongoCollection<OutboxMessage> Messages => store.Collection<OutboxMessage>(CollectionName);

    public static Task AddAsync<T>(MongoStore store, IClientSessionHandle session, T message, CancellationToken cancellationToken) where T : class =>
        store.Collection<OutboxMessage>(CollectionName).InsertOneAsync(session, OutboxMessage.For(message), cancellationToken: cancellationToken);

    public static FilterDefinition<OutboxMessage> Sent(IReadOnlyCollection<Guid> messageIds) =>
        Builders<OutboxMessage>.Filter.In(m => m.MessageId, messageIds);

    public static readonly SortDefinition<OutboxMessage> Oldest = Builders<OutboxMessage>.Sort.Ascending(m => m.CreatedAt);

    public static CreateIndexModel<OutboxMessage> CreatedIndex { get; } =
        new(Builders<OutboxMessage>.IndexKeys.Ascending(m => m.CreatedAt));

    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, CancellationToken cancellationToken) =>
        await Messages.Find(FilterDefinition<OutboxMessage>.Empty).Sort(Oldest).Limit(max).ToListAsync(cancellationToken);

    public Task MarkSentAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken) =>
        Messages.DeleteManyAsync(Sent(messageIds), cancellationToken);

    public Task<long> CountPendingAsync(CancellationToken cancellationToken) =>
        Messages.CountDocumentsAsync(FilterDefinition<OutboxMessage>.Empty, cancellationToken: cancellationToken);

    /// <summary>Indexes the outbox needs, created at start.</summary>
    public Task CreateIndexesAsync(CancellationToken cancellationToken) =>
        Messages.Indexes.CreateOneAsync(CreatedIndex, cancellationToken: cancellationToken);
}

using MongoDB.Bson;
using MongoDB.Driver;
using Publishing.ServiceDefaults.Outbox;

namespace Publishing.ServiceDefaults.Storage.Mongo;

/// <summary>The outbox collection of a MongoDB store: events are inserted inside the change's transaction.</summary>
public sealed class MongoOutbox(MongoStore store) : IOutboxStore
{
    public const string CollectionName = "outbox";
    public const string SetAsideCollectionName = "outbox_set_aside";

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

    /// <summary>The row as it was, with why and when it was set aside (kept as a document: its type may be unknown to this build).</summary>
    public static BsonDocument SetAsideDocument(OutboxMessage message, string reason, DateTimeOffset at) => new()
    {
        ["_id"] = new BsonBinaryData(message.MessageId, GuidRepresentation.Standard),
        ["messageType"] = message.MessageType,
        ["body"] = message.Body,
        ["traceParent"] = (BsonValue?)message.TraceParent ?? BsonNull.Value,
        ["traceState"] = (BsonValue?)message.TraceState ?? BsonNull.Value,
        ["createdAt"] = message.CreatedAt.UtcDateTime,
        ["reason"] = reason,
        ["setAsideAt"] = at.UtcDateTime,
    };

    public async Task SetAsideAsync(Guid messageId, string reason, CancellationToken cancellationToken)
    {
        // Copied first, then deleted: a crash in between leaves the row in both places, and the next attempt
        // replaces the copy; it is never in neither.
        var message = await Messages.Find(Sent([messageId])).FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return;
        }
        var document = SetAsideDocument(message, reason, DateTimeOffset.UtcNow);
        await store.Collection<BsonDocument>(SetAsideCollectionName).ReplaceOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", document["_id"]), document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
        await Messages.DeleteOneAsync(Sent([messageId]), cancellationToken);
    }

    public async Task<OutboxBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        var pending = await CountPendingAsync(cancellationToken);
        var setAside = await store.Collection<BsonDocument>(SetAsideCollectionName).CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: cancellationToken);
        var oldest = await Messages.Find(FilterDefinition<OutboxMessage>.Empty).Sort(Oldest).Limit(1).FirstOrDefaultAsync(cancellationToken);
        return new OutboxBacklog(pending, setAside, oldest?.CreatedAt);
    }

    /// <summary>Indexes the outbox needs, created at start.</summary>
    public Task CreateIndexesAsync(CancellationToken cancellationToken) =>
        Messages.Indexes.CreateOneAsync(CreatedIndex, cancellationToken: cancellationToken);
}

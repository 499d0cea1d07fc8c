using MongoDB.Bson;
using MongoDB.Driver;

namespace Publishing.ServiceDefaults.Storage.Mongo;

/// <summary>
/// The record of messages a consumer has applied, written in the transaction of the effect. Its id is
/// "{consumer}:{messageId}", so a second delivery finds it, and two concurrent ones collide on the id and the
/// loser's transaction is retried, then finds it.
/// </summary>
public static class MongoInbox
{
    public const string CollectionName = "inbox";

    public sealed record ProcessedMessage(string Id, DateTimeOffset ProcessedAt);

    public static string Key(Guid messageId, string consumer) => consumer + ":" + messageId.ToString("N");

    /// <summary>
    /// Creates the collection at start (the first consumers would otherwise create it inside concurrent transactions,
    /// which collide on the catalogue and are retried for nothing) with a TTL index: the server deletes a record once
    /// it is older than <paramref name="retention"/>. A changed retention is applied to the existing index.
    /// </summary>
    public static async Task CreateAsync(MongoStore store, TimeSpan retention, CancellationToken cancellationToken)
    {
        try
        {
            await store.Database.CreateCollectionAsync(CollectionName, cancellationToken: cancellationToken);
        }
        catch (MongoCommandException exception) when (exception.CodeName == "NamespaceExists")
        {
        }
        var inbox = store.Collection<ProcessedMessage>(CollectionName);
        try
        {
            await inbox.Indexes.CreateOneAsync(RetentionIndex(retention), cancellationToken: cancellationToken);
        }
        catch (MongoCommandException exception) when (exception.CodeName is "IndexOptionsConflict" or "IndexKeySpecsConflict")
        {
            await store.Database.RunCommandAsync<BsonDocument>(new BsonDocument
            {
                ["collMod"] = CollectionName,
                ["index"] = new BsonDocument { ["name"] = RetentionIndexName, ["expireAfterSeconds"] = (long)retention.TotalSeconds },
            }, cancellationToken: cancellationToken);
        }
    }

    public const string RetentionIndexName = "expires";

    public static CreateIndexModel<ProcessedMessage> RetentionIndex(TimeSpan retention) => new(
        Builders<ProcessedMessage>.IndexKeys.Ascending(m => m.ProcessedAt),
        new CreateIndexOptions { Name = RetentionIndexName, ExpireAfter = retention });

    public static async Task<bool> TryRecordAsync(MongoStore store, IClientSessionHandle session, Guid messageId, string consumer, CancellationToken cancellationToken)
    {
        var inbox = store.Collection<ProcessedMessage>(CollectionName);
        var key = Key(messageId, consumer);
        if (await inbox.Find(session, Builders<ProcessedMessage>.Filter.Eq(m => m.Id, key)).AnyAsync(cancellationToken))
        {
            return false;
        }
        await inbox.InsertOneAsync(session, new ProcessedMessage(key, DateTimeOffset.UtcNow), cancellationToken: cancellationToken);
        return true;
    }
}

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
    /// Creates the collection at start: the first consumers would otherwise create it inside concurrent transactions,
    /// which collide on the catalogue and are retried for nothing.
    /// </summary>
    public static async Task CreateCollectionAsync(MongoStore store, CancellationToken cancellationToken)
    {
        try
        {
            await store.Database.CreateCollectionAsync(CollectionName, cancellationToken: cancellationToken);
        }
        catch (MongoCommandException exception) when (exception.CodeName == "NamespaceExists")
        {
        }
    }

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

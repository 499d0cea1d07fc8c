using Dapper;
using MongoDB.Bson;
using MongoDB.Driver;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>
/// A store of one kind with its outbox and inbox, and a stand-in for a service's own data ("things"), so that the
/// suites can check what commits together with a change.
/// </summary>
public abstract class StoreUnderTest : IAsyncDisposable
{
    public abstract IOutboxStore Outbox { get; }

    /// <summary>
    /// In one write: adds the thing, records <paramref name="messageId"/> for <paramref name="consumer"/> (when given) and
    /// puts the events in the outbox, then throws when <paramref name="fail"/>. Answers whether the message was new.
    /// </summary>
    public abstract Task<bool> WriteAsync(string thing, IReadOnlyList<ArticleWithdrawn> events, (Guid MessageId, string Consumer)? processed = null, bool fail = false);

    public abstract Task<long> ThingsAsync();

    /// <summary>The type name of an event that a later version of the system publishes and this build does not know (a rolling upgrade).</summary>
    public const string UnknownType = "Publishing.Contracts.ArticleFromALaterVersion";

    /// <summary>Puts an event of <see cref="UnknownType"/> in the outbox, as a newer build of the service would have.</summary>
    public abstract Task<Guid> WriteUnknownEventAsync();

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteStoreUnderTest : StoreUnderTest
{
    private readonly SqlitePlace _place = new("test", ["CREATE TABLE IF NOT EXISTS things (id TEXT PRIMARY KEY)"]);
    public SqliteDatabase Database => _place.Database;

    public override IOutboxStore Outbox => _place.Outbox;

    public override Task<bool> WriteAsync(string thing, IReadOnlyList<ArticleWithdrawn> events, (Guid MessageId, string Consumer)? processed = null, bool fail = false) =>
        Database.WriteAsync(async (connection, transaction) =>
        {
            if (processed is { } message && !await SqliteInbox.TryRecordAsync(connection, transaction, message.MessageId, message.Consumer))
            {
                return false;
            }
            await connection.ExecuteAsync("INSERT INTO things (id) VALUES (@thing)", new { thing }, transaction);
            foreach (var e in events)
            {
                await SqliteOutbox.AddAsync(connection, transaction, e);
            }
            return fail ? throw new InvalidOperationException("the change fails after its events were added") : true;
        }, TestContext.Current.CancellationToken);

    public override Task<long> ThingsAsync() => Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM things"));

    public override async Task<Guid> WriteUnknownEventAsync()
    {
        var id = Guid.CreateVersion7();
        await Database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "INSERT INTO outbox (message_id, message_type, body, created_at) VALUES (@id, @type, '{}', @at)",
            new { id = id.ToString(), type = UnknownType, at = DateTimeOffset.UtcNow.ToString("O") },
            transaction), TestContext.Current.CancellationToken);
        return id;
    }

    public override ValueTask DisposeAsync() => _place.DisposeAsync();
}

public sealed class MongoStoreUnderTest : StoreUnderTest
{
    private readonly MongoPlace _place;
    private MongoStoreUnderTest(MongoPlace place) => _place = place;

    /// <summary>Skips the calling test, with the reason, when there is no MongoDB.</summary>
    public static async Task<StoreUnderTest> CreateAsync(MongoFixture mongo)
    {
        var underTest = new MongoStoreUnderTest(new MongoPlace(mongo, "store"));
        await underTest._place.CreateIndexesAsync();
        // Created ahead, as a service's index creation does for its own collections.
        await underTest.Mongo.Database.CreateCollectionAsync("things", cancellationToken: TestContext.Current.CancellationToken);
        return underTest;
    }

    public override IOutboxStore Outbox => _place.Outbox;

    public MongoStore Mongo => _place.Mongo;

    private IMongoCollection<BsonDocument> Things => Mongo.Collection<BsonDocument>("things");

    public override Task<bool> WriteAsync(string thing, IReadOnlyList<ArticleWithdrawn> events, (Guid MessageId, string Consumer)? processed = null, bool fail = false) =>
        Mongo.WriteAsync(async (session, ct) =>
        {
            if (processed is { } message && !await MongoInbox.TryRecordAsync(Mongo, session, message.MessageId, message.Consumer, ct))
            {
                return false;
            }
            await Things.InsertOneAsync(session, new BsonDocument("_id", thing), cancellationToken: ct);
            foreach (var e in events)
            {
                await MongoOutbox.AddAsync(Mongo, session, e, ct);
            }
            return fail ? throw new InvalidOperationException("the change fails after its events were added") : true;
        }, TestContext.Current.CancellationToken);

    public override Task<long> ThingsAsync() =>
        Things.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: TestContext.Current.CancellationToken);

    public override async Task<Guid> WriteUnknownEventAsync()
    {
        var message = new OutboxMessage(Guid.CreateVersion7(), UnknownType, "{}", null, null, DateTimeOffset.UtcNow);
        await Mongo.Collection<OutboxMessage>(MongoOutbox.CollectionName).InsertOneAsync(message, cancellationToken: TestContext.Current.CancellationToken);
        return message.MessageId;
    }

    public override ValueTask DisposeAsync() => _place.DisposeAsync();
}

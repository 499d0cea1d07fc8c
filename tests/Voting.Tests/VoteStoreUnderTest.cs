using Dapper;
using MongoDB.Bson;
using MongoDB.Driver;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;
using Publishing.Voting.Storage;

namespace Publishing.Voting.Tests;

/// <summary>A vote store on a store of its own, with a look into its outbox and its stored votes.</summary>
public abstract class VoteStoreUnderTest : IAsyncDisposable
{
    public abstract IVoteStore Store { get; }

    protected abstract IOutboxStore Outbox { get; }

    /// <summary>How many votes for the article the store holds, counted in the store itself rather than through the adapter.</summary>
    public abstract Task<long> StoredVotesAsync(Guid articleId);

    public async Task<Guid> PublishedArticleAsync()
    {
        var id = Guid.NewGuid();
        await Store.ApplyPublishedAsync(id, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        return id;
    }

    /// <summary>The events waiting in the outbox, deserialized.</summary>
    public async Task<IReadOnlyList<object>> EventsAsync() =>
        (await Outbox.PendingAsync(100_000, TestContext.Current.CancellationToken)).Select(m => m.Deserialize().Message).ToList();

    public abstract ValueTask DisposeAsync();
}

/// <summary>The SQLite adapter on its own file in a temporary folder.</summary>
public sealed class SqliteVoteStoreUnderTest : VoteStoreUnderTest
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publishing-voting-").FullName;
    private readonly SqliteDatabase _database;
    private readonly SqliteVoteStore _store;

    public SqliteVoteStoreUnderTest()
    {
        _database = new SqliteDatabase(Path.Combine(_folder, "voting.db"), SqliteVoteStore.Schema, new OutboxSignal());
        _store = new SqliteVoteStore(_database);
        Outbox = new SqliteOutbox(_database);
    }

    public override IVoteStore Store => _store;

    protected override IOutboxStore Outbox { get; }

    public override Task<long> StoredVotesAsync(Guid articleId) =>
        _database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM votes WHERE article_id = @Id", new { Id = articleId.ToString() }));

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        TemporaryFolders.Delete(_folder);
    }
}

/// <summary>The MongoDB adapter on a database of its own, with its indexes created as the service creates them at start.</summary>
public sealed class MongoVoteStoreUnderTest : VoteStoreUnderTest
{
    private readonly MongoStore _mongo;
    private readonly MongoVoteStore _store;

    private MongoVoteStoreUnderTest(MongoStore mongo)
    {
        _mongo = mongo;
        _store = new MongoVoteStore(mongo);
        Outbox = new MongoOutbox(mongo);
    }

    /// <summary>Skips the calling test, with the reason, when there is no MongoDB.</summary>
    public static async Task<VoteStoreUnderTest> CreateAsync(MongoFixture mongo)
    {
        var database = mongo.NewDatabaseName("voting");
        var underTest = new MongoVoteStoreUnderTest(new MongoStore(mongo.Uri!, database, new OutboxSignal()));
        await new MongoIndexCreation(underTest._mongo, (MongoOutbox)underTest.Outbox, new StoreOptions("", mongo.Uri), [underTest._store]).StartAsync(TestContext.Current.CancellationToken);
        return underTest;
    }

    public override IVoteStore Store => _store;

    protected override IOutboxStore Outbox { get; }

    public override Task<long> StoredVotesAsync(Guid articleId) =>
        _mongo.Collection<BsonDocument>(MongoVoteStore.VotesCollection).CountDocumentsAsync(
            new BsonDocument("articleId", new BsonBinaryData(articleId, GuidRepresentation.Standard)),
            cancellationToken: TestContext.Current.CancellationToken);

    public override ValueTask DisposeAsync()
    {
        _mongo.Dispose();
        return ValueTask.CompletedTask;
    }
}

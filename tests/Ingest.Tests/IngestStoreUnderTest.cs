using Publishing.Ingest.Storage;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;

namespace Publishing.Ingest.Tests;

/// <summary>An ingest store on a store of its own, with a look into its outbox.</summary>
public abstract class IngestStoreUnderTest : IAsyncDisposable
{
    public abstract IIngestStore Store { get; }

    protected abstract IOutboxStore Outbox { get; }

    /// <summary>The events waiting in the outbox, deserialized.</summary>
    public async Task<IReadOnlyList<object>> EventsAsync() =>
        (await Outbox.PendingAsync(100_000, TestContext.Current.CancellationToken)).Select(m => m.Deserialize().Message).ToList();

    public abstract ValueTask DisposeAsync();
}

/// <summary>The SQLite adapter on its own file in a temporary folder.</summary>
public sealed class SqliteIngestStoreUnderTest : IngestStoreUnderTest
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publishing-ingest-store-").FullName;

    public SqliteIngestStoreUnderTest()
    {
        var database = new SqliteDatabase(Path.Combine(_folder, "ingest.db"), SqliteIngestStore.Schema, new OutboxSignal());
        Store = new SqliteIngestStore(database);
        Outbox = new SqliteOutbox(database);
    }

    public override IIngestStore Store { get; }

    protected override IOutboxStore Outbox { get; }

    public override ValueTask DisposeAsync()
    {
        TemporaryFolders.Delete(_folder);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The MongoDB adapter on a database of its own, with its indexes created as the service creates them at start.</summary>
public sealed class MongoIngestStoreUnderTest : IngestStoreUnderTest
{
    private readonly MongoStore _mongo;
    private readonly MongoIngestStore _store;

    private MongoIngestStoreUnderTest(MongoStore mongo)
    {
        _mongo = mongo;
        _store = new MongoIngestStore(mongo);
        Outbox = new MongoOutbox(mongo);
    }

    /// <summary>Skips the calling test, with the reason, when there is no MongoDB.</summary>
    public static async Task<IngestStoreUnderTest> CreateAsync(MongoFixture mongo)
    {
        var database = mongo.NewDatabaseName("ingest");
        var underTest = new MongoIngestStoreUnderTest(new MongoStore(mongo.Uri!, database, new OutboxSignal()));
        await new MongoIndexCreation(underTest._mongo, (MongoOutbox)underTest.Outbox, new StoreOptions("", mongo.Uri), [underTest._store]).StartAsync(TestContext.Current.CancellationToken);
        return underTest;
    }

    public override IIngestStore Store => _store;

    protected override IOutboxStore Outbox { get; }

    public override ValueTask DisposeAsync()
    {
        _mongo.Dispose();
        return ValueTask.CompletedTask;
    }
}

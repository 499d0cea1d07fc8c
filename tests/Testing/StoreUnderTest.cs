using Xunit;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Testing;

/// <summary>
/// Where a store suite runs an adapter, one place per test: a SQLite file in a temporary folder, or a MongoDB
/// database of its own with the indexes the service creates at start. Every service's suites set up their adapters
/// here, so that a suite checks the adapter and nothing about how it was set up.
/// </summary>
public abstract class StorePlace : IAsyncDisposable
{
    public abstract IOutboxStore Outbox { get; }

    public abstract ValueTask DisposeAsync();
}

public sealed class SqlitePlace : StorePlace
{
    private readonly string _folder;

    public SqlitePlace(string name, IEnumerable<string> schema, SqliteSynchronous synchronous = SqliteSynchronous.Normal)
    {
        _folder = Directory.CreateTempSubdirectory($"publishing-{name}-").FullName;
        Database = Open(name, schema, synchronous);
        Outbox = new SqliteOutbox(Database);
    }

    public SqliteDatabase Database { get; }

    public override IOutboxStore Outbox { get; }

    /// <summary>Another database over the same file, as after a restart.</summary>
    public SqliteDatabase Open(string name, IEnumerable<string> schema, SqliteSynchronous synchronous = SqliteSynchronous.Normal) =>
        new(Path.Combine(_folder, name + ".db"), schema, new OutboxSignal(), synchronous);

    public override ValueTask DisposeAsync()
    {
        TemporaryFolders.Delete(_folder);
        return ValueTask.CompletedTask;
    }
}

public sealed class MongoPlace : StorePlace
{
    private readonly MongoFixture _fixture;
    private readonly string _database;
    private readonly MongoOutbox _outbox;
    private readonly List<MongoStore> _opened = [];

    /// <summary>Skips the calling test, with the reason, when there is no MongoDB.</summary>
    public MongoPlace(MongoFixture fixture, string name)
    {
        _fixture = fixture;
        _database = fixture.NewDatabaseName(name);
        Mongo = Open();
        _outbox = new MongoOutbox(Mongo);
    }

    public MongoStore Mongo { get; }

    public override IOutboxStore Outbox => _outbox;

    /// <summary>Another client of the same database, as after a restart or in another replica.</summary>
    public MongoStore Open()
    {
        var store = new MongoStore(_fixture.Uri!, _database, new OutboxSignal());
        _opened.Add(store);
        return store;
    }

    /// <summary>Creates the indexes and collections of <paramref name="adapters"/>, with the outbox's and the inbox's, as a service does at start.</summary>
    public Task CreateIndexesAsync(params IMongoIndexes[] adapters) =>
        new MongoIndexCreation(Mongo, _outbox, new StoreOptions("", _fixture.Uri), adapters).StartAsync(TestContext.Current.CancellationToken);

    public override ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>An adapter of <typeparamref name="TStore"/> on a place of its own, with a look into its outbox: the base of every store suite's setup.</summary>
public abstract class StoreUnderTest<TStore>(StorePlace place, TStore store) : IAsyncDisposable
{
    public TStore Store { get; } = store;

    public StorePlace Place { get; } = place;

    /// <summary>The events waiting in the outbox, deserialized, in commit order.</summary>
    public async Task<IReadOnlyList<object>> EventsAsync() =>
        (await Place.Outbox.PendingAsync(100_000, TestContext.Current.CancellationToken)).Select(m => m.Deserialize().Message).ToList();

    public virtual async ValueTask DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        await Place.DisposeAsync();
    }
}

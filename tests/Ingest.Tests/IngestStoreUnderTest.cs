using Publishing.Ingest.Storage;
using Publishing.Testing;

namespace Publishing.Ingest.Tests;

/// <summary>An ingest store on a store of its own, with a look into its outbox.</summary>
public abstract class IngestStoreUnderTest(StorePlace place, IIngestStore store) : StoreUnderTest<IIngestStore>(place, store);

public sealed class SqliteIngestStoreUnderTest : IngestStoreUnderTest
{
    public SqliteIngestStoreUnderTest() : this(new SqlitePlace("ingest", SqliteIngestStore.Schema)) { }

    private SqliteIngestStoreUnderTest(SqlitePlace place) : base(place, new SqliteIngestStore(place.Database)) { }
}

public sealed class MongoIngestStoreUnderTest : IngestStoreUnderTest
{
    private MongoIngestStoreUnderTest(MongoPlace place, MongoIngestStore store) : base(place, store) { }

    /// <summary>Skips the calling test, with the reason, when there is no MongoDB.</summary>
    public static async Task<IngestStoreUnderTest> CreateAsync(MongoFixture mongo)
    {
        var place = new MongoPlace(mongo, "ingest");
        var store = new MongoIngestStore(place.Mongo);
        await place.CreateIndexesAsync(store);
        return new MongoIngestStoreUnderTest(place, store);
    }
}

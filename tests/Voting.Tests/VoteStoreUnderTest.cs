using Dapper;
using MongoDB.Bson;
using MongoDB.Driver;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;
using Publishing.Voting.Domain;
using Publishing.Voting.Storage;

namespace Publishing.Voting.Tests;

/// <summary>A vote store on a store of its own, with a look into its outbox and its stored votes.</summary>
public abstract class VoteStoreUnderTest(StorePlace place, IVoteStore store) : StoreUnderTest<IVoteStore>(place, store)
{
    /// <summary>How many votes for the article the store holds, counted in the store itself rather than through the adapter.</summary>
    public abstract Task<long> StoredVotesAsync(Guid articleId);

    public async Task<Guid> PublishedArticleAsync()
    {
        var id = Guid.NewGuid();
        await Store.ApplyPublishedAsync(id, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        return id;
    }
}

public sealed class SqliteVoteStoreUnderTest : VoteStoreUnderTest
{
    private readonly SqliteDatabase _database;

    public SqliteVoteStoreUnderTest() : this(new SqlitePlace("voting", SqliteVoteStore.Schema)) { }

    private SqliteVoteStoreUnderTest(SqlitePlace place) : base(place, new SqliteVoteStore(place.Database)) => _database = place.Database;

    public override Task<long> StoredVotesAsync(Guid articleId) =>
        _database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM votes WHERE article_id = @Id", new { Id = articleId.ToString() }));
}

public sealed class MongoVoteStoreUnderTest : VoteStoreUnderTest
{
    private readonly MongoStore _mongo;

    private MongoVoteStoreUnderTest(MongoPlace place, MongoVoteStore store) : base(place, store) => _mongo = place.Mongo;

    /// <summary>Skips the calling test, with the reason, when there is no MongoDB.</summary>
    public static async Task<VoteStoreUnderTest> CreateAsync(MongoFixture mongo)
    {
        var place = new MongoPlace(mongo, "voting");
        var store = new MongoVoteStore(place.Mongo);
        await place.CreateIndexesAsync(store);
        return new MongoVoteStoreUnderTest(place, store);
    }

    public override Task<long> StoredVotesAsync(Guid articleId) =>
        _mongo.Collection<BsonDocument>(MongoVoteStore.VotesCollection).CountDocumentsAsync(
            new BsonDocument("articleId", new BsonBinaryData(articleId, GuidRepresentation.Standard)),
            cancellationToken: TestContext.Current.CancellationToken);
}

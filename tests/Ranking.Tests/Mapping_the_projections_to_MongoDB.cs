using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Publishing.Contracts;
using Publishing.Ranking.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;
using static Publishing.Ranking.Storage.MongoRankingStore;

namespace Publishing.Ranking.Tests;

/// <summary>Without a MongoDB server: the documents, filters, updates and indexes the Ranking store sends, checked as BSON.</summary>
public sealed class Mapping_the_projections_to_MongoDB : IDisposable
{
    private static readonly Guid ArticleId = Guid.Parse("0195a4c2-7d3e-7b1a-9c4d-2e5f6a7b8c9d");
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, 123, TimeSpan.Zero);
    private readonly string _data = Directory.CreateTempSubdirectory("publishing-ranking-choice-").FullName;

    public Mapping_the_projections_to_MongoDB() => RegisterClassMaps();

    private static BsonDocument Render<T>(FilterDefinition<T> filter) =>
        filter.Render(new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry));

    private static BsonDocument Render<T>(UpdateDefinition<T> update) =>
        update.Render(new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry)).AsBsonDocument;

    private static BsonBinaryData Uuid(Guid id) => new(id, GuidRepresentation.Standard);

    private static ArticleSnapshot Snapshot() =>
        new(ArticleId, 3, "harbour-reopens-6a7b8c9d", "Harbour reopens", null, "The harbour reopened.", ["world", "north-korea"], "en", At);

    [Fact]
    public void Should_store_an_article_under_its_id_with_its_snapshot_and_change_numbers()
    {
        var document = new ArticleDocument(ArticleId, 3, ToDocument(Snapshot()), null, 7, 2).ToBsonDocument();

        Assert.Equal(Uuid(ArticleId), document["_id"]);
        Assert.Equal(3, document["revision"].AsInt32);
        Assert.False(document.Contains("withdrawnAt"));
        Assert.Equal(new BsonArray { "world", "north-korea" }, document["snapshot"]["topics"]);
        Assert.Equal(new BsonDateTime(At.UtcDateTime), document["snapshot"]["publishedAt"]);
        Assert.Equal(7L, document["change"].AsInt64);
        Assert.Equal(2L, document["first"].AsInt64);
        var read = ToSnapshot(ArticleId, BsonSerializer.Deserialize<ArticleDocument>(document).Snapshot!);
        var sent = Snapshot();
        Assert.Equal(sent.Topics, read.Topics);
        Assert.Equal(sent, read with { Topics = sent.Topics });
    }

    [Fact]
    public void Should_read_an_article_first_seen_withdrawn_as_one_without_a_snapshot()
    {
        var document = new BsonDocument { { "_id", Uuid(ArticleId) }, { "revision", 0 }, { "withdrawnAt", new BsonDateTime(At.UtcDateTime) }, { "change", 4L }, { "first", 4L } };

        var article = BsonSerializer.Deserialize<ArticleDocument>(document);

        Assert.Null(article.Snapshot);
        Assert.Equal(At, article.WithdrawnAt);
    }

    [Fact]
    public void Should_keep_the_instant_a_vote_was_cast_to_the_tick()
    {
        var castAt = At.AddTicks(4_567);
        var document = new VoteDocument(ArticleId, "reader-a", 5, castAt, Standing: true).ToBsonDocument();

        Assert.Equal(castAt.UtcTicks, document["castAt"]["Ticks"].AsInt64);
        document.InsertAt(0, new BsonElement("_id", ObjectId.GenerateNewId()));
        Assert.Equal(castAt, BsonSerializer.Deserialize<VoteDocument>(document).CastAt);
    }

    [Fact]
    public void Should_find_a_readers_vote_by_article_and_reader_and_load_only_standing_votes()
    {
        Assert.Equal(new BsonDocument { { "articleId", Uuid(ArticleId) }, { "readerId", "reader-a" } }, Render(VoteOf(ArticleId, "reader-a")));
        Assert.Equal(new BsonDocument("standing", true), Render(StandingVotes));
    }

    [Fact]
    public void Should_set_a_revision_and_number_the_article_on_first_insert_only()
    {
        var update = Render(Revised(Snapshot(), 9));

        Assert.Equal(3, update["$set"]["revision"].AsInt32);
        Assert.Equal(9L, update["$set"]["change"].AsInt64);
        Assert.Equal("Harbour reopens", update["$set"]["snapshot"]["headline"].AsString);
        Assert.Equal(new BsonDocument("first", 9L), update["$setOnInsert"]);
        Assert.Equal(
            new BsonDocument { { "$set", new BsonDocument { { "withdrawnAt", new BsonDateTime(At.UtcDateTime) }, { "change", 10L } } }, { "$setOnInsert", new BsonDocument { { "revision", 0 }, { "first", 10L } } } },
            Render(Withdrawn(At, 10)));
    }

    [Fact]
    public void Should_number_article_changes_with_one_counter_and_index_what_the_store_looks_up()
    {
        Assert.Equal(new BsonDocument("$inc", new BsonDocument("value", 1L)), Render(NextChange));
        Assert.True(OneVotePerReader.Options.Unique);
        Assert.True(ChunkOrder.Options.Unique);
        Assert.Equal(
            new BsonDocument { { "articleId", 1 }, { "readerId", 1 } },
            OneVotePerReader.Keys.Render(new RenderArgs<VoteDocument>(BsonSerializer.SerializerRegistry.GetSerializer<VoteDocument>(), BsonSerializer.SerializerRegistry)));
    }

    [Fact]
    public void Should_keep_the_feed_under_its_positions_and_read_a_range_of_them()
    {
        var entry = new FeedEntry(42, ArticleId, "reader-a").ToBsonDocument();

        Assert.Equal(new BsonDocument { { "_id", 42L }, { "articleId", Uuid(ArticleId) }, { "readerId", "reader-a" } }, entry);
        Assert.Equal(new BsonDocument("_id", new BsonDocument { { "$gt", 7L }, { "$lte", 9L } }), Render(FeedBetween(7, 9)));
    }

    [Fact]
    public void Should_note_the_feed_end_by_time_and_trim_through_a_position()
    {
        var mark = new FeedMark(Articles.Noon, 42).ToBsonDocument();

        Assert.Equal(new BsonDocument { { "_id", new BsonDateTime(Articles.Noon.UtcDateTime) }, { "position", 42L } }, mark);
        Assert.Equal(new BsonDocument("_id", new BsonDocument("$lte", 42L)), Render(FeedThrough(42)));
        Assert.Equal(new BsonDocument("_id", "feedTrimmed"), Render(CounterOf("feedTrimmed")));
    }

    [Fact]
    public void Should_cut_a_checkpoint_into_chunks_under_the_document_limit()
    {
        Assert.True(ChunkSize < 16 * 1024 * 1024 - 1024);
        var chunk = new CheckpointChunk(Guid.NewGuid(), 2, new byte[] { 1, 2, 3 }).ToBsonDocument();
        Assert.Equal(2, chunk["index"].AsInt32);
        Assert.Equal(new byte[] { 1, 2, 3 }, chunk["data"].AsByteArray);
    }

    [Fact]
    public void Should_store_in_MongoDB_when_MONGODB_URI_is_set_and_in_SQLite_otherwise()
    {
        using var mongo = Build(("MONGODB_URI", "mongodb://127.0.0.1:1/admin"));
        using var sqlite = Build();

        var store = Assert.IsType<MongoRankingStore>(mongo.Services.GetRequiredService<IRankingStore>());
        Assert.Contains(store, mongo.Services.GetServices<IMongoIndexes>());
        Assert.Equal("ranking", mongo.Services.GetRequiredService<MongoStore>().Database.DatabaseNamespace.DatabaseName);
        Assert.IsType<SqliteRankingStore>(sqlite.Services.GetRequiredService<IRankingStore>());
    }

    private IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["PUBLISHING_DATA"] = _data;
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        builder.AddRankingStore();
        return builder.Build();
    }

    public void Dispose()
    {
        TemporaryFolders.Delete(_data);
    }
}

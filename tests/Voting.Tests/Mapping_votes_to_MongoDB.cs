using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Publishing.Voting.Domain;
using Publishing.Voting.Storage;

namespace Publishing.Voting.Tests;

/// <summary>Without a MongoDB server: the documents, filters, updates and indexes the vote store sends, checked as BSON.</summary>
public sealed class Mapping_votes_to_MongoDB
{
    private static readonly Guid ArticleId = Guid.Parse("0195a4c2-7d3e-7b1a-9c4d-2e5f6a7b8c9d");
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, 123, TimeSpan.Zero);

    public Mapping_votes_to_MongoDB() => MongoVoteStore.RegisterClassMaps();

    private static RenderArgs<T> Args<T>() => new(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry);

    private static BsonBinaryData Uuid(Guid id) => new(id, GuidRepresentation.Standard);

    [Fact]
    public void Should_store_a_catalogue_entry_under_the_article_id_without_the_dates_it_does_not_have()
    {
        var entry = new MongoVoteStore.CatalogueDocument(ArticleId, At, null, 3, 5);

        var document = entry.ToBsonDocument();

        Assert.Equal(
            new BsonDocument { { "_id", Uuid(ArticleId) }, { "publishedAt", new BsonDateTime(At.UtcDateTime) }, { "votes", 3L }, { "sequence", 5L } },
            document);
        Assert.Equal(entry, BsonSerializer.Deserialize<MongoVoteStore.CatalogueDocument>(document));
    }

    [Fact]
    public void Should_read_an_entry_first_seen_as_withdrawn_as_unpublished()
    {
        var document = new BsonDocument { { "_id", Uuid(ArticleId) }, { "withdrawnAt", new BsonDateTime(At.UtcDateTime) }, { "votes", 0L }, { "sequence", 0L } };

        var entry = BsonSerializer.Deserialize<MongoVoteStore.CatalogueDocument>(document);

        Assert.Equal(new MongoVoteStore.CatalogueDocument(ArticleId, null, At, 0, 0), entry);
    }

    [Fact]
    public void Should_keep_the_instant_a_vote_was_cast_to_the_tick()
    {
        var castAt = At.AddTicks(4_567);
        var vote = new MongoVoteStore.Vote(ArticleId, "reader-a", castAt);

        var document = vote.ToBsonDocument();

        Assert.Equal(Uuid(ArticleId), document["articleId"]);
        Assert.Equal("reader-a", document["readerId"].AsString);
        Assert.Equal(castAt.UtcTicks, document["castAt"]["Ticks"].AsInt64);
        Assert.Equal(new BsonDateTime(castAt.UtcDateTime), document["castAt"]["DateTime"]);
        // The server gives every vote an ObjectId _id, which the store never reads.
        document.InsertAt(0, new BsonElement("_id", ObjectId.GenerateNewId()));
        Assert.Equal(vote, BsonSerializer.Deserialize<MongoVoteStore.Vote>(document));
    }

    [Fact]
    public void Should_find_an_article_by_its_id_and_a_vote_by_article_and_reader()
    {
        Assert.Equal(new BsonDocument("_id", Uuid(ArticleId)), MongoVoteStore.Article(ArticleId).Render(Args<MongoVoteStore.CatalogueDocument>()));
        Assert.Equal(
            new BsonDocument { { "articleId", Uuid(ArticleId) }, { "readerId", "reader-a" } },
            MongoVoteStore.VoteOf(ArticleId, "reader-a").Render(Args<MongoVoteStore.Vote>()));
    }

    [Fact]
    public void Should_save_the_catalogue_dates_the_rules_decided_and_start_the_count_at_zero()
    {
        var zero = new BsonDocument { { "votes", 0L }, { "sequence", 0L } };
        var at = new BsonDateTime(At.UtcDateTime);

        Assert.Equal(
            new BsonDocument { { "$setOnInsert", zero }, { "$set", new BsonDocument("publishedAt", at) } },
            MongoVoteStore.Catalogued(new CatalogueEntry(At, null, 3, 5)).Render(Args<MongoVoteStore.CatalogueDocument>()));
        Assert.Equal(
            new BsonDocument { { "$setOnInsert", zero }, { "$set", new BsonDocument { { "publishedAt", at }, { "withdrawnAt", at } } } },
            MongoVoteStore.Catalogued(new CatalogueEntry(At, At, 3, 5)).Render(Args<MongoVoteStore.CatalogueDocument>()));
    }

    [Fact]
    public void Should_read_what_the_rules_decide_on_from_a_stored_entry()
    {
        Assert.Equal(new CatalogueEntry(null, At, 3, 5), MongoVoteStore.Entry(new MongoVoteStore.CatalogueDocument(ArticleId, null, At, 3, 5)));
    }

    [Fact]
    public void Should_insert_a_vote_only_where_the_reader_has_none()
    {
        var update = MongoVoteStore.Recorded(At).Render(Args<MongoVoteStore.Vote>()).AsBsonDocument;

        Assert.Equal(["$setOnInsert"], update.Names);
        Assert.Equal(["castAt"], update["$setOnInsert"].AsBsonDocument.Names);
        Assert.Equal(At.UtcTicks, update["$setOnInsert"]["castAt"]["Ticks"].AsInt64);
    }

    [Fact]
    public void Should_save_the_count_and_sequence_the_rules_decided()
    {
        Assert.Equal(
            new BsonDocument("$set", new BsonDocument { { "votes", 4L }, { "sequence", 6L } }),
            MongoVoteStore.Counted(4, 6).Render(Args<MongoVoteStore.CatalogueDocument>()));
    }

    [Fact]
    public void Should_make_article_and_reader_a_unique_key()
    {
        var index = MongoVoteStore.OneVotePerReader;

        Assert.Equal(new BsonDocument { { "articleId", 1 }, { "readerId", 1 } }, index.Keys.Render(Args<MongoVoteStore.Vote>()));
        Assert.True(index.Options.Unique);
    }
}

using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Publishing.Ingest.Storage;

namespace Publishing.Ingest.Tests;

/// <summary>Without a MongoDB server: the document, filter, update and index the ingest store sends, checked as BSON.</summary>
public sealed class Mapping_articles_to_MongoDB
{
    private static readonly Guid ArticleId = Guid.Parse("0195a4c2-7d3e-7b1a-9c4d-2e5f6a7b8c9d");

    public Mapping_articles_to_MongoDB() => MongoIngestStore.RegisterClassMaps();

    private static RenderArgs<T> Args<T>() => new(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry);

    private static BsonDocument Key => new() { { "source", "ap" }, { "externalId", "ap-kim-1" } };

    [Fact]
    public void Should_store_an_article_under_its_newsrooms_key()
    {
        var article = new MongoIngestStore.KnownArticle(new("ap", "ap-kim-1"), ArticleId, 3, "ABC", "kim-vows-2b8c9d", Withdrawn: false);

        var document = article.ToBsonDocument();

        Assert.Equal(
            new BsonDocument
            {
                { "_id", Key }, { "articleId", new BsonBinaryData(ArticleId, GuidRepresentation.Standard) }, { "revision", 3 },
                { "contentHash", "ABC" }, { "slug", "kim-vows-2b8c9d" }, { "withdrawn", false },
            },
            document);
        Assert.Equal(article, BsonSerializer.Deserialize<MongoIngestStore.KnownArticle>(document));
    }

    [Fact]
    public void Should_find_an_article_by_its_whole_key_and_withdraw_it_with_a_set()
    {
        Assert.Equal(new BsonDocument("_id", Key), MongoIngestStore.Article("ap", "ap-kim-1").Render(Args<MongoIngestStore.KnownArticle>()));
        Assert.Equal(
            new BsonDocument("$set", new BsonDocument("withdrawn", true)),
            MongoIngestStore.Withdrawal.Render(Args<MongoIngestStore.KnownArticle>()).AsBsonDocument);
    }

    [Fact]
    public void Should_keep_one_id_per_article_with_a_unique_index()
    {
        var index = MongoIngestStore.OneIdPerArticle;

        Assert.Equal(new BsonDocument("articleId", 1), index.Keys.Render(Args<MongoIngestStore.KnownArticle>()));
        Assert.True(index.Options.Unique);
    }
}

using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using static Publishing.Articles.Storage.MongoArticleStore;
using static Publishing.Articles.Tests.Submissions;

namespace Publishing.Articles.Tests;

/// <summary>Without a MongoDB server: the documents, filters and updates the MongoDB adapter sends, checked as BSON.</summary>
public sealed class Mapping_articles_to_MongoDB
{
    public Mapping_articles_to_MongoDB() => RegisterClassMaps();

    private static IBsonSerializerRegistry Registry => BsonSerializer.SerializerRegistry;
    private static RenderArgs<T> Args<T>() => new(Registry.GetSerializer<T>(), Registry);
    private static BsonDocument Render(FilterDefinition<ArticleDocument> filter) => filter.Render(Args<ArticleDocument>());
    private static BsonValue Render<T>(UpdateDefinition<T> update) => update.Render(Args<T>());
    private static BsonBinaryData Uuid(Guid id) => new(id, GuidRepresentation.Standard);
    private static BsonDateTime Date(DateTimeOffset at) => new(at.UtcDateTime);

    [Fact]
    public void Should_store_an_article_under_its_id_with_camel_case_names_and_dates()
    {
        var id = Guid.NewGuid();
        var document = new ArticleDocument { Id = id, Revision = 2, Slug = "a-slug", Headline = "A headline", Topics = ["North Korea"], TopicKeys = ["north-korea"], PublishedAt = Noon, Votes = 3 };

        var bson = document.ToBsonDocument();

        Assert.Equal(Uuid(id), bson["_id"]);
        Assert.Equal(Date(Noon), bson["publishedAt"]);
        Assert.Equal(new BsonArray { "north-korea" }, bson["topicKeys"]);
        Assert.Equal(3, bson["votes"].AsInt64);
        var back = BsonSerializer.Deserialize<ArticleDocument>(bson);
        Assert.Equal((id, 2, "a-slug", (DateTimeOffset?)Noon, 3L), (back.Id, back.Revision, back.Slug, back.PublishedAt, back.Votes));
    }

    [Fact]
    public void Should_read_a_tombstone_made_by_a_withdrawal_alone_as_withdrawn()
    {
        var id = Guid.NewGuid();
        var tombstone = new BsonDocument { { "_id", Uuid(id) }, { "withdrawnAt", Date(Noon) }, { "revision", 0 } };

        Assert.Equal(new ArticleLookup.Withdrawn(id), Lookup(BsonSerializer.Deserialize<ArticleDocument>(tombstone)));
    }

    [Fact]
    public void Should_read_a_document_made_by_a_vote_count_alone_as_unknown()
    {
        var counted = new BsonDocument { { "_id", Uuid(Guid.NewGuid()) }, { "votes", 4L }, { "votesSequence", 4L } };

        Assert.IsType<ArticleLookup.Unknown>(Lookup(BsonSerializer.Deserialize<ArticleDocument>(counted)));
        Assert.IsType<ArticleLookup.Unknown>(Lookup(null));
    }

    [Fact]
    public void Should_serve_a_revision_by_setting_its_content_and_leaving_the_votes()
    {
        var id = Guid.NewGuid();
        var submitted = Revision(id, 2, "Second headline", ["North Korea", "world"]);

        var update = Render(Serve(submitted)).AsBsonDocument;

        var set = update["$set"].AsBsonDocument;
        Assert.Equal(["$set", "$setOnInsert"], update.Names);
        // A count arriving later must find a sequence to compare with: $lt never matches a missing field.
        Assert.Equal(new BsonDocument { { "votes", 0L }, { "votesSequence", 0L } }, update["$setOnInsert"]);
        Assert.Equal(2, set["revision"].AsInt32);
        Assert.Equal(submitted.Slug, set["slug"].AsString);
        Assert.Equal(submitted.BodyHtml, set["body"].AsString);
        Assert.Equal(new BsonArray { "North Korea", "world" }, set["topics"]);
        Assert.Equal(new BsonArray { "north-korea", "world" }, set["topicKeys"]);
        Assert.Equal(Date(Noon), set["publishedAt"]);
        Assert.False(set.Contains("votes") || set.Contains("votesSequence") || set.Contains("withdrawnAt"));
    }

    [Fact]
    public void Should_withdraw_by_setting_the_time_and_starting_a_new_document_with_no_revision_and_no_votes()
    {
        var update = Render(Withdraw(Noon)).AsBsonDocument;

        Assert.Equal(new BsonDocument
        {
            { "$set", new BsonDocument("withdrawnAt", Date(Noon)) },
            { "$setOnInsert", new BsonDocument { { "revision", 0 }, { "votes", 0L }, { "votesSequence", 0L } } },
        }, update);
    }

    [Fact]
    public void Should_keep_the_count_the_rules_decided_and_start_an_article_from_a_count_that_arrives_first()
    {
        Assert.Equal(new BsonDocument
        {
            { "$set", new BsonDocument { { "votes", 4L }, { "votesSequence", 5L } } },
            { "$setOnInsert", new BsonDocument("revision", 0) },
        }, Render(KeepCount(4, 5)));
    }

    [Fact]
    public void Should_read_what_the_rules_decide_on_from_a_stored_document()
    {
        var id = Guid.NewGuid();
        var stored = new BsonDocument { { "_id", Uuid(id) }, { "revision", 3 }, { "withdrawnAt", Date(Noon) }, { "votes", 4L }, { "votesSequence", 5L } };

        Assert.Equal(new ArticleState(3, Noon, 4, 5), State(BsonSerializer.Deserialize<ArticleDocument>(stored)));
        Assert.Equal(ArticleState.Unseen, State(null));
    }

    [Fact]
    public void Should_list_readable_articles_only()
    {
        Assert.Equal(new BsonDocument { { "revision", new BsonDocument("$gt", 0) }, { "withdrawnAt", BsonNull.Value } }, Render(Listed(null, null)));
    }

    [Fact]
    public void Should_list_a_topic_strictly_after_the_position_newest_first()
    {
        var after = new ListPosition(Noon, Guid.NewGuid());

        var filter = Render(Listed("north-korea", after));

        var expected = new BsonDocument
        {
            { "revision", new BsonDocument("$gt", 0) },
            { "withdrawnAt", BsonNull.Value },
            { "topicKeys", "north-korea" },
            { "$or", new BsonArray
                {
                    new BsonDocument("publishedAt", new BsonDocument("$lt", Date(Noon))),
                    new BsonDocument { { "publishedAt", Date(Noon) }, { "_id", new BsonDocument("$lt", Uuid(after.Id)) } },
                }
            },
        };
        Assert.Equal(expected, filter);
        Assert.Equal(new BsonDocument { { "publishedAt", -1 }, { "_id", -1 } }, NewestFirst.Render(Args<ArticleDocument>()));
        Assert.Equal(new BsonDocument("body", 0), SummaryFields.Render(Args<ArticleDocument>()));
    }

    [Fact]
    public void Should_index_the_order_of_the_lists()
    {
        var keys = ArticleIndexes.Select(index => index.Keys.Render(Args<ArticleDocument>())).ToList();

        Assert.Equal(new BsonDocument { { "publishedAt", -1 }, { "_id", -1 } }, keys[0]);
        Assert.Equal(new BsonDocument { { "topicKeys", 1 }, { "publishedAt", -1 }, { "_id", -1 } }, keys[1]);
        Assert.Equal(new BsonDocument { { "articleId", 1 }, { "revision", 1 } }, RevisionIndex.Keys.Render(Args<RevisionDocument>()));
        Assert.True(RevisionIndex.Options.Unique);
    }

    [Fact]
    public void Should_keep_every_revision_once_under_its_article_and_number()
    {
        var id = Guid.NewGuid();
        var submitted = Revision(id, 3, "Third headline");

        var update = Render(KeepRevision(submitted)).AsBsonDocument;

        Assert.Equal(["$setOnInsert"], update.Names);
        var inserted = update["$setOnInsert"].AsBsonDocument;
        Assert.Equal(Uuid(id), inserted["articleId"]);
        Assert.Equal(3, inserted["revision"].AsInt32);
        var submission = inserted["submission"].AsBsonDocument;
        Assert.Equal("Third headline", submission["headline"].AsString);
        var stored = BsonSerializer.Deserialize<RevisionDocument>(new BsonDocument("_id", RevisionDocument.Key(id, 3)).AddRange(inserted));
        Assert.Equal((id, 3, submitted.Slug, submitted.PublishedAt), (stored.Submission.ArticleId, stored.Submission.Revision, stored.Submission.Slug, stored.Submission.PublishedAt));
        Assert.Equal(submitted.Topics, stored.Submission.Topics);
    }
}

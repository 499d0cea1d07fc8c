using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>Without a MongoDB server: the documents and queries the adapters send, checked as BSON.</summary>
public sealed class Mapping_the_outbox_to_MongoDB
{
    public Mapping_the_outbox_to_MongoDB() => MongoConventions.Register();

    private static BsonDocument Render<T>(FilterDefinition<T> filter) =>
        filter.Render(new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry));

    [Fact]
    public void Should_store_an_outbox_message_under_its_message_id_as_a_standard_uuid()
    {
        var message = new OutboxMessage(Guid.NewGuid(), "Publishing.Contracts.ArticleWithdrawn", "{}", "00-abc-def-01", null, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

        var document = message.ToBsonDocument();

        Assert.Equal(new BsonBinaryData(message.MessageId, GuidRepresentation.Standard), document["_id"]);
        Assert.Equal(BsonType.DateTime, document["createdAt"].BsonType);
        Assert.Equal("Publishing.Contracts.ArticleWithdrawn", document["messageType"].AsString);
        Assert.Equal(message, BsonSerializer.Deserialize<OutboxMessage>(document));
    }

    [Fact]
    public void Should_set_a_message_aside_under_the_same_id_as_the_row_was_with_its_reason()
    {
        var message = new OutboxMessage(Guid.NewGuid(), "Publishing.Contracts.ArticleFromALaterVersion", "{\"a\":1}", null, null, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var at = new DateTimeOffset(2026, 11, 23, 10, 5, 0, TimeSpan.Zero);

        var document = MongoOutbox.SetAsideDocument(message, "TypeLoadException: unknown", at);

        var row = message.ToBsonDocument();
        Assert.Equal(row["_id"], document["_id"]);
        Assert.Equal(row["createdAt"], document["createdAt"]);
        Assert.Equal(row["messageType"], document["messageType"]);
        Assert.Equal(row["body"], document["body"]);
        Assert.Equal("TypeLoadException: unknown", document["reason"].AsString);
        Assert.Equal(at.UtcDateTime, document["setAsideAt"].ToUniversalTime());
    }

    [Fact]
    public void Should_mark_sent_by_message_id()
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };

        var filter = Render(MongoOutbox.Sent(ids));

        var expected = new BsonDocument("_id", new BsonDocument("$in", new BsonArray(ids.Select(id => new BsonBinaryData(id, GuidRepresentation.Standard)))));
        Assert.Equal(expected, filter);
    }

    [Fact]
    public void Should_read_pending_messages_oldest_first()
    {
        var sort = MongoOutbox.Oldest.Render(new RenderArgs<OutboxMessage>(BsonSerializer.SerializerRegistry.GetSerializer<OutboxMessage>(), BsonSerializer.SerializerRegistry));

        Assert.Equal(new BsonDocument("createdAt", 1), sort);
    }

    [Fact]
    public void Should_index_the_outbox_by_creation_time_for_the_oldest_first_read()
    {
        var keys = MongoOutbox.CreatedIndex.Keys.Render(new RenderArgs<OutboxMessage>(BsonSerializer.SerializerRegistry.GetSerializer<OutboxMessage>(), BsonSerializer.SerializerRegistry));

        Assert.Equal(new BsonDocument("createdAt", 1), keys);
    }

    [Fact]
    public void Should_key_processed_messages_by_consumer_and_message_id()
    {
        var messageId = Guid.NewGuid();
        var processed = new MongoInbox.ProcessedMessage(MongoInbox.Key(messageId, "articles:submitted"), DateTimeOffset.UtcNow);

        var document = processed.ToBsonDocument();

        Assert.Equal("articles:submitted:" + messageId.ToString("N"), document["_id"].AsString);
    }
}

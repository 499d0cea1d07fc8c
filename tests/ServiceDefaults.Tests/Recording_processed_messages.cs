using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>What every store's inbox promises, run against each store below.</summary>
public abstract class Recording_processed_messages(Func<Task<StoreUnderTest>> open) : IAsyncLifetime
{
    private StoreUnderTest _store = null!;

    protected StoreUnderTest Store => _store;

    public async ValueTask InitializeAsync() => _store = await open();

    [Fact]
    public async Task Should_admit_a_message_once_per_consumer()
    {
        var messageId = Guid.NewGuid();

        Assert.True(await _store.WriteAsync("first", [], (messageId, "articles:submitted")));
        Assert.False(await _store.WriteAsync("again", [], (messageId, "articles:submitted")));
        Assert.True(await _store.WriteAsync("other consumer", [], (messageId, "ranking:published")));
        Assert.Equal(2, await _store.ThingsAsync());
    }

    [Fact]
    public async Task Should_forget_the_record_when_the_effect_fails_so_that_a_redelivery_applies_it()
    {
        var messageId = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.WriteAsync("failed", [], (messageId, "articles:submitted"), fail: true));

        Assert.True(await _store.WriteAsync("redelivered", [], (messageId, "articles:submitted")));
        Assert.Equal(1, await _store.ThingsAsync());
    }

    [Fact]
    public async Task Should_apply_a_message_delivered_many_times_at_once_exactly_once()
    {
        var messageId = Guid.NewGuid();

        var admitted = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => _store.WriteAsync("delivery-" + i, [], (messageId, "articles:submitted")), TestContext.Current.CancellationToken)));

        Assert.Single(admitted, true);
        Assert.Equal(1, await _store.ThingsAsync());
    }

    public ValueTask DisposeAsync() => _store?.DisposeAsync() ?? ValueTask.CompletedTask;
}

public sealed class Recording_processed_messages_in_SQLite() : Recording_processed_messages(() => Task.FromResult<StoreUnderTest>(new SqliteStoreUnderTest()))
{
    private SqliteDatabase Database => ((SqliteStoreUnderTest)Store).Database;

    [Fact]
    public async Task Should_forget_only_the_records_older_than_the_cutoff_so_that_the_inbox_does_not_grow_forever()
    {
        var (old, recent) = (Guid.NewGuid(), Guid.NewGuid());
        await Store.WriteAsync("old", [], (old, "articles:submitted"));
        await Task.Delay(20, TestContext.Current.CancellationToken);
        var cutoff = DateTimeOffset.UtcNow;
        await Task.Delay(20, TestContext.Current.CancellationToken);
        await Store.WriteAsync("recent", [], (recent, "articles:submitted"));

        Assert.Equal(1, await SqliteInbox.ForgetBeforeAsync(Database, cutoff, TestContext.Current.CancellationToken));

        Assert.False(await Store.WriteAsync("recent again", [], (recent, "articles:submitted")));
        Assert.True(await Store.WriteAsync("old again, after the retention", [], (old, "articles:submitted")));
    }

    [Fact]
    public async Task Should_forget_more_records_than_one_transaction_deletes()
    {
        for (var i = 0; i < 3; i++)
        {
            await Database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
                "INSERT INTO inbox (message_id, consumer, processed_at) VALUES (@Id, 'bulk', @At)",
                Enumerable.Range(0, 2500).Select(_ => new { Id = Guid.NewGuid().ToString(), At = DateTimeOffset.UtcNow.AddDays(-8).ToString("O") }),
                transaction), TestContext.Current.CancellationToken);
        }

        Assert.Equal(7500, await SqliteInbox.ForgetBeforeAsync(Database, DateTimeOffset.UtcNow.AddDays(-7), TestContext.Current.CancellationToken));
        Assert.Equal(0, await Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox")));
    }

    [Fact]
    public async Task Should_delete_old_records_in_the_background_every_quarter_of_a_short_retention()
    {
        var options = new StoreOptions("", null) { InboxRetention = TimeSpan.FromSeconds(1) };
        using var cleanup = new SqliteInboxCleanup(Database, options, TimeProvider.System, NullLogger<SqliteInboxCleanup>.Instance);
        var messageId = Guid.NewGuid();
        await Store.WriteAsync("first", [], (messageId, "articles:submitted"));

        await cleanup.StartAsync(TestContext.Current.CancellationToken);
        var attempt = 0;
        var admittedAgain = await Eventually.GetAsync(
            () => Store.WriteAsync("after the retention " + attempt++, [], (messageId, "articles:submitted")), admitted => admitted);
        await cleanup.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.FromMilliseconds(250), cleanup.Interval);
        Assert.True(admittedAgain);
    }
}

public sealed class Recording_processed_messages_in_MongoDB(MongoFixture mongo) : Recording_processed_messages(() => MongoStoreUnderTest.CreateAsync(mongo))
{
    [Fact]
    public async Task Should_let_the_server_expire_records_after_the_retention_and_follow_a_changed_retention()
    {
        var store = ((MongoStoreUnderTest)Store).Mongo;
        var inbox = store.Collection<BsonDocument>(MongoInbox.CollectionName);

        await MongoInbox.CreateAsync(store, TimeSpan.FromDays(2), TestContext.Current.CancellationToken);

        var indexes = await (await inbox.Indexes.ListAsync(TestContext.Current.CancellationToken)).ToListAsync(TestContext.Current.CancellationToken);
        var expires = Assert.Single(indexes, index => index["name"] == MongoInbox.RetentionIndexName);
        Assert.Equal(new BsonDocument("processedAt", 1), expires["key"].AsBsonDocument);
        Assert.Equal(TimeSpan.FromDays(2).TotalSeconds, expires["expireAfterSeconds"].ToDouble());
    }
}

using Publishing.Testing;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>What every store's inbox promises, run against each store below.</summary>
public abstract class Recording_processed_messages(Func<Task<StoreUnderTest>> open) : IAsyncLifetime
{
    private StoreUnderTest _store = null!;

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

public sealed class Recording_processed_messages_in_SQLite() : Recording_processed_messages(() => Task.FromResult<StoreUnderTest>(new SqliteStoreUnderTest()));

public sealed class Recording_processed_messages_in_MongoDB(MongoFixture mongo) : Recording_processed_messages(() => MongoStoreUnderTest.CreateAsync(mongo));

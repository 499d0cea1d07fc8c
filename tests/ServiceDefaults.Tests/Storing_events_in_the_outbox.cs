using Publishing.Contracts;
using Publishing.ServiceDefaults.Outbox;
using Publishing.Testing;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>What every store's outbox promises, run against each store below.</summary>
public abstract class Storing_events_in_the_outbox(Func<Task<StoreUnderTest>> open) : IAsyncLifetime
{
    private StoreUnderTest _store = null!;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = await open();

    private static ArticleWithdrawn Withdrawal() => new(Guid.NewGuid(), DateTimeOffset.UtcNow);

    [Fact]
    public async Task Should_keep_the_event_when_the_change_commits()
    {
        var withdrawn = Withdrawal();

        await _store.WriteAsync("a", [withdrawn]);

        var pending = Assert.Single(await _store.Outbox.PendingAsync(10, Cancellation));
        var (message, type) = pending.Deserialize();
        Assert.Equal(typeof(ArticleWithdrawn), type);
        Assert.Equal(withdrawn, message);
        Assert.Equal(1, await _store.ThingsAsync());
    }

    [Fact]
    public async Task Should_drop_the_event_when_the_change_fails()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.WriteAsync("b", [Withdrawal()], fail: true));

        Assert.Empty(await _store.Outbox.PendingAsync(10, Cancellation));
        Assert.Equal(0, await _store.Outbox.CountPendingAsync(Cancellation));
        Assert.Equal(0, await _store.ThingsAsync());
    }

    [Fact]
    public async Task Should_forget_events_marked_sent_and_keep_the_others_in_order()
    {
        var events = Enumerable.Range(0, 3).Select(_ => Withdrawal()).ToList();
        for (var i = 0; i < events.Count; i++)
        {
            await _store.WriteAsync("thing-" + i, [events[i]]);
        }
        var pending = await _store.Outbox.PendingAsync(10, Cancellation);
        Assert.Equal(events, pending.Select(p => p.Deserialize().Message));

        await _store.Outbox.MarkSentAsync([pending[0].MessageId, pending[2].MessageId], Cancellation);

        var left = Assert.Single(await _store.Outbox.PendingAsync(10, Cancellation));
        Assert.Equal(pending[1].MessageId, left.MessageId);
        Assert.Equal(1, await _store.Outbox.CountPendingAsync(Cancellation));
    }

    [Fact]
    public async Task Should_hand_out_no_more_than_asked_oldest_first()
    {
        var events = Enumerable.Range(0, 5).Select(_ => Withdrawal()).ToList();
        await _store.WriteAsync("many", events);

        var pending = await _store.Outbox.PendingAsync(2, Cancellation);

        Assert.Equal(2, pending.Count);
        Assert.Equal(5, await _store.Outbox.CountPendingAsync(Cancellation));
        Assert.All(pending, p => Assert.Contains(p.Deserialize().Message, events));
    }

    [Fact]
    public async Task Should_set_a_row_aside_and_keep_the_others_in_order()
    {
        await _store.WriteAsync("before", [Withdrawal()]);
        var unknown = await _store.WriteUnknownEventAsync();
        await _store.WriteAsync("after", [Withdrawal()]);
        var before = await _store.Outbox.PendingAsync(10, Cancellation);

        await _store.Outbox.SetAsideAsync(unknown, "TypeLoadException: no such type", Cancellation);

        var left = await _store.Outbox.PendingAsync(10, Cancellation);
        Assert.Equal([before[0].MessageId, before[2].MessageId], left.Select(m => m.MessageId));
        var backlog = await _store.Outbox.BacklogAsync(Cancellation);
        Assert.Equal(2, backlog.Pending);
        Assert.Equal(1, backlog.SetAside);
        Assert.Equal(before[0].CreatedAt.ToUnixTimeMilliseconds(), backlog.OldestPending?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Should_count_the_whole_backlog_not_one_batch()
    {
        await _store.WriteAsync("many", Enumerable.Range(0, 5).Select(_ => Withdrawal()).ToList());
        Assert.Equal(2, (await _store.Outbox.PendingAsync(2, Cancellation)).Count);

        var backlog = await _store.Outbox.BacklogAsync(Cancellation);

        Assert.Equal(new OutboxBacklog(5, 0, backlog.OldestPending), backlog);
        Assert.NotNull(backlog.OldestPending);
        Assert.Equal(new OutboxBacklog(0, 0, null), await EmptiedAsync());
    }

    private async Task<OutboxBacklog> EmptiedAsync()
    {
        var pending = await _store.Outbox.PendingAsync(100, Cancellation);
        await _store.Outbox.MarkSentAsync(pending.Select(p => p.MessageId).ToArray(), Cancellation);
        return await _store.Outbox.BacklogAsync(Cancellation);
    }

    public ValueTask DisposeAsync() => _store?.DisposeAsync() ?? ValueTask.CompletedTask;
}

public sealed class Storing_events_in_the_SQLite_outbox() : Storing_events_in_the_outbox(() => Task.FromResult<StoreUnderTest>(new SqliteStoreUnderTest()))
{
    [Theory]
    [InlineData(Storage.SqliteSynchronous.Normal, 1)]
    [InlineData(Storage.SqliteSynchronous.Full, 2)]
    public async Task Should_open_every_connection_with_the_synchronous_setting_asked_for(Storage.SqliteSynchronous synchronous, long pragma)
    {
        var folder = Directory.CreateTempSubdirectory("publishing-synchronous-").FullName;
        try
        {
            var database = new Storage.SqliteDatabase(Path.Combine(folder, "test.db"), [], new OutboxSignal(), synchronous);

            Assert.Equal(pragma, await database.ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "PRAGMA synchronous")));
        }
        finally
        {
            TemporaryFolders.Delete(folder);
        }
    }
}

public sealed class Storing_events_in_the_MongoDB_outbox(MongoFixture mongo) : Storing_events_in_the_outbox(() => MongoStoreUnderTest.CreateAsync(mongo));

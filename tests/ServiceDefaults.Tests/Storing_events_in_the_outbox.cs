using System.Diagnostics;
using Dapper;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.ServiceDefaults.Tests;

public sealed class Storing_events_in_the_outbox : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outbox-").FullName;
    private readonly SqliteDatabase _database;
    private readonly SqliteOutbox _outbox;

    public Storing_events_in_the_outbox()
    {
        _database = new SqliteDatabase(Path.Combine(_folder, "test.db"), ["CREATE TABLE IF NOT EXISTS things (id TEXT PRIMARY KEY)"], new OutboxSignal());
        _outbox = new SqliteOutbox(_database);
    }

    private static ArticleWithdrawn Withdrawal() => new(Guid.NewGuid(), DateTimeOffset.UtcNow);

    [Fact]
    public async Task Should_keep_the_event_when_the_change_commits()
    {
        var withdrawn = Withdrawal();
        await _database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO things (id) VALUES ('a')", transaction: transaction);
            await SqliteOutbox.AddAsync(connection, transaction, withdrawn);
            return 0;
        }, TestContext.Current.CancellationToken);

        var pending = Assert.Single(await _outbox.PendingAsync(10, TestContext.Current.CancellationToken));
        var (message, type) = pending.Deserialize();
        Assert.Equal(typeof(ArticleWithdrawn), type);
        Assert.Equal(withdrawn, message);
    }

    [Fact]
    public async Task Should_drop_the_event_when_the_change_fails()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _database.WriteAsync<int>(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO things (id) VALUES ('b')", transaction: transaction);
            await SqliteOutbox.AddAsync(connection, transaction, Withdrawal());
            throw new InvalidOperationException("the change fails after the event was added");
        }, TestContext.Current.CancellationToken));

        Assert.Empty(await _outbox.PendingAsync(10, TestContext.Current.CancellationToken));
        Assert.Equal(0, await _database.ReadAsync(c => c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM things")));
    }

    [Fact]
    public async Task Should_forget_events_marked_sent_and_keep_the_others_in_order()
    {
        var events = Enumerable.Range(0, 3).Select(_ => Withdrawal()).ToList();
        foreach (var e in events)
        {
            await _database.WriteAsync(async (c, t) => { await SqliteOutbox.AddAsync(c, t, e); return 0; }, TestContext.Current.CancellationToken);
        }
        var pending = await _outbox.PendingAsync(10, TestContext.Current.CancellationToken);
        Assert.Equal(events, pending.Select(p => p.Deserialize().Message));

        await _outbox.MarkSentAsync([pending[0].MessageId, pending[2].MessageId], TestContext.Current.CancellationToken);

        var left = Assert.Single(await _outbox.PendingAsync(10, TestContext.Current.CancellationToken));
        Assert.Equal(pending[1].MessageId, left.MessageId);
        Assert.Equal(1, await _outbox.CountPendingAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Should_keep_the_trace_context_of_the_request_that_caused_the_event()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var stored = OutboxMessage.For(Withdrawal());

        Assert.Equal(activity.Id, stored.TraceParent);
        Assert.True(ActivityContext.TryParse(stored.TraceParent, stored.TraceState, out var context));
        Assert.Equal(activity.TraceId, context.TraceId);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

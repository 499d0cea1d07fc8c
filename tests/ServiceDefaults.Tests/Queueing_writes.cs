using System.Collections.Concurrent;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using Publishing.Testing;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>
/// The queue of changes (Voting's votes) waiting for a shared SQLite transaction, while the writer is held inside one:
/// bounded, and rid of the changes whose callers gave up.
/// </summary>
public sealed class Queueing_writes : IAsyncLifetime
{
    private const int Capacity = 2;
    private readonly string _folder = Directory.CreateTempSubdirectory("publishing-grouped-writes-").FullName;
    private readonly TaskCompletionSource _writing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<int> _applied = new();
    private GroupedWrites<int, int> _writes = null!;

    public ValueTask InitializeAsync()
    {
        var database = new SqliteDatabase(Path.Combine(_folder, "queue.db"), ["CREATE TABLE IF NOT EXISTS things (id INTEGER PRIMARY KEY)"], new OutboxSignal());
        _writes = new GroupedWrites<int, int>(database, async (_, _, change) =>
        {
            _writing.TrySetResult();
            await _release.Task;
            _applied.Enqueue(change);
            return change;
        }, Capacity);
        return ValueTask.CompletedTask;
    }

    /// <summary>The writer takes change 0 and waits inside its transaction: whatever comes next queues.</summary>
    private async Task<Task<int>> HoldTheWriterAsync()
    {
        var first = _writes.ApplyAsync(0, CancellationToken.None);
        await _writing.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return first;
    }

    [Fact]
    public async Task Should_refuse_a_change_once_the_queue_is_full_and_write_the_ones_it_took()
    {
        var first = await HoldTheWriterAsync();
        var queued = Enumerable.Range(1, Capacity).Select(change => _writes.ApplyAsync(change, CancellationToken.None)).ToList();

        // Refused as it is offered, not after a wait.
        Assert.Throws<WritesQueueFullException>(() => { _ = _writes.ApplyAsync(99, CancellationToken.None); });

        _release.SetResult();
        var written = await Task.WhenAll(queued.Prepend(first));
        Assert.Equal([0, 1, 2], written);
        Assert.Equal([0, 1, 2], _applied);
    }

    [Fact]
    public async Task Should_drop_a_change_whose_caller_gave_up_before_its_turn()
    {
        var first = await HoldTheWriterAsync();
        using var givenUp = new CancellationTokenSource();
        var abandoned = _writes.ApplyAsync(1, givenUp.Token);
        var kept = _writes.ApplyAsync(2, CancellationToken.None);

        await givenUp.CancelAsync();
        _release.SetResult();

        int[] written = [await first, await kept];
        Assert.Equal([0, 2], written);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal([0, 2], _applied);
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _writes.DisposeAsync();
        TemporaryFolders.Delete(_folder);
    }
}

using System.Data;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>
/// Group commit for SQLite, which has one writer: changes that arrive while a transaction is being written wait for
/// the next one and share it, so a burst of votes costs a few transactions rather than one each. Each change still
/// gets its own answer; if a shared transaction fails, its changes are tried again one by one, so that one bad change
/// fails alone.
/// <para>
/// The queue is bounded (<see cref="DefaultCapacity"/>): when the writer falls that far behind, a new change is refused
/// at once with <see cref="WritesQueueFullException"/> (the API answers 503 with <c>Retry-After</c>) rather than
/// queued to wait without end. A change whose caller gave up (the request was cancelled) before its turn is dropped.
/// </para>
/// </summary>
public sealed class GroupedWrites<TChange, TResult> : IAsyncDisposable
{
    public const int DefaultCapacity = 4096;
    private const int MaxGroup = 256;

    private readonly SqliteDatabase _database;
    private readonly Func<SqliteConnection, IDbTransaction, TChange, Task<TResult>> _apply;
    private readonly Channel<Queued> _queue;
    private readonly Task _writer;

    private sealed record Queued(TChange Change, TaskCompletionSource<TResult> Answer, CancellationToken Cancellation);

    public GroupedWrites(SqliteDatabase database, Func<SqliteConnection, IDbTransaction, TChange, Task<TResult>> apply, int capacity = DefaultCapacity)
    {
        _database = database;
        _apply = apply;
        _queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteAsync);
    }

    public Task<TResult> ApplyAsync(TChange change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var answer = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Queued(change, answer, cancellationToken)))
        {
            throw _queue.Reader.Completion.IsCompleted
                ? new ObjectDisposedException(nameof(GroupedWrites<TChange, TResult>))
                : new WritesQueueFullException();
        }
        return answer.Task;
    }

    private async Task WriteAsync()
    {
        var group = new List<(TChange Change, TaskCompletionSource<TResult> Answer)>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var next))
            {
                // Nobody waits for it any more: its reader sends it again, or meant not to.
                if (next.Cancellation.IsCancellationRequested)
                {
                    next.Answer.TrySetCanceled(next.Cancellation);
                    continue;
                }
                group.Add((next.Change, next.Answer));
            }
            if (group.Count == 0)
            {
                continue;
            }
            try
            {
                var results = await _database.WriteAsync(async (connection, transaction) =>
                {
                    var results = new TResult[group.Count];
                    for (var i = 0; i < group.Count; i++)
                    {
                        results[i] = await _apply(connection, transaction, group[i].Change);
                    }
                    return results;
                });
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Answer.SetResult(results[i]);
                }
            }
            catch (Exception) when (group.Count > 1)
            {
                foreach (var (change, answer) in group)
                {
                    await WriteAloneAsync(change, answer);
                }
            }
            catch (Exception exception)
            {
                group[0].Answer.SetException(exception);
            }
        }
    }

    private async Task WriteAloneAsync(TChange change, TaskCompletionSource<TResult> answer)
    {
        try
        {
            answer.SetResult(await _database.WriteAsync((connection, transaction) => _apply(connection, transaction, change)));
        }
        catch (Exception exception)
        {
            answer.SetException(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}

/// <summary>The write queue is full: the store is far behind, and the change was not taken.</summary>
public sealed class WritesQueueFullException() : Exception("Too many changes are waiting to be written.");

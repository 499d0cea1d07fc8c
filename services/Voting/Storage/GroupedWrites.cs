using System.Data;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.Voting.Storage;

/// <summary>
/// Group commit for SQLite, which has one writer: changes that arrive while a transaction is being written wait for
/// the next one and share it, so a burst of votes costs a few transactions rather than one each. Each change still
/// gets its own answer; if a shared transaction fails, its changes are tried again one by one, so that one bad change
/// fails alone.
/// </summary>
public sealed class GroupedWrites<TChange, TResult> : IAsyncDisposable
{
    private const int MaxGroup = 256;

    private readonly SqliteDatabase _database;
    private readonly Func<SqliteConnection, IDbTransaction, TChange, Task<TResult>> _apply;
    private readonly Channel<(TChange Change, TaskCompletionSource<TResult> Answer)> _queue =
        Channel.CreateUnbounded<(TChange, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public GroupedWrites(SqliteDatabase database, Func<SqliteConnection, IDbTransaction, TChange, Task<TResult>> apply)
    {
        _database = database;
        _apply = apply;
        _writer = Task.Run(WriteAsync);
    }

    public Task<TResult> ApplyAsync(TChange change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Once queued, a change is written even if its caller stops waiting: its effect is the same either way.
        var answer = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((change, answer)))
        {
            throw new ObjectDisposedException(nameof(GroupedWrites<TChange, TResult>));
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
                group.Add(next);
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

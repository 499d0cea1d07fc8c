using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Publishing.ServiceDefaults.Outbox;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>What a commit survives (SQLite's <c>synchronous</c> setting; the README says which store uses which).</summary>
public enum SqliteSynchronous
{
    /// <summary>A process crash or kill -9 loses nothing; a power cut or an operating-system crash may lose the last commits (WAL not yet synced).</summary>
    Normal,

    /// <summary>A commit is on disk before it returns: a power cut loses nothing that was answered or published.</summary>
    Full,
}

/// <summary>
/// One SQLite file of one service, in WAL mode. Writes go through <see cref="WriteAsync{T}"/>: one
/// immediate transaction at a time, so the change, its inbox record and its outbox events commit together.
/// </summary>
public sealed class SqliteDatabase : IHealthCheck
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly OutboxSignal _outboxSignal;

    private readonly SqliteSynchronous _synchronous;

    public SqliteDatabase(string path, IEnumerable<string> schema, OutboxSignal outboxSignal, SqliteSynchronous synchronous = SqliteSynchronous.Normal)
    {
        _synchronous = synchronous;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _outboxSignal = outboxSignal;

        using var connection = Open();
        connection.Execute("PRAGMA journal_mode=WAL;");
        foreach (var statement in SqliteOutbox.Schema.Concat(SqliteInbox.Schema).Concat(schema))
        {
            connection.Execute(statement);
        }
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // In WAL mode NORMAL loses nothing when a process dies, only the last commits on a power cut; FULL loses
        // nothing then either, at the cost of a sync per commit (see SqliteSynchronous).
        connection.Execute($"PRAGMA synchronous={_synchronous.ToString().ToUpperInvariant()}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read)
    {
        await using var connection = Open();
        return await read(connection);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction; events it put in the outbox are dispatched after the commit.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, IDbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = Open();
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            _outboxSignal.Notify();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = Open();
            await connection.ExecuteScalarAsync<int>("SELECT 1");
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("The SQLite store cannot be opened.", exception);
        }
    }
}

using System.Data;
using Dapper;
using Publishing.ServiceDefaults.Outbox;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>The outbox table of a SQLite store: events are added inside the change's transaction.</summary>
public sealed class SqliteOutbox(SqliteDatabase database) : IOutboxStore
{
    public static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS outbox (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL UNIQUE,
            message_type TEXT NOT NULL,
            body TEXT NOT NULL,
            trace_parent TEXT,
            trace_state TEXT,
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS outbox_set_aside (
            message_id TEXT PRIMARY KEY,
            message_type TEXT NOT NULL,
            body TEXT NOT NULL,
            trace_parent TEXT,
            trace_state TEXT,
            created_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            set_aside_at TEXT NOT NULL
        )
        """,
    ];

    /// <summary>Adds an event to the outbox within the caller's transaction.</summary>
    public static Task AddAsync<T>(IDbConnection connection, IDbTransaction transaction, T message) where T : class
    {
        var stored = OutboxMessage.For(message);
        return connection.ExecuteAsync(
            """
            INSERT INTO outbox (message_id, message_type, body, trace_parent, trace_state, created_at)
            VALUES (@MessageId, @MessageType, @Body, @TraceParent, @TraceState, @CreatedAt)
            """,
            new
            {
                MessageId = stored.MessageId.ToString(),
                stored.MessageType,
                stored.Body,
                stored.TraceParent,
                stored.TraceState,
                CreatedAt = stored.CreatedAt.ToString("O"),
            },
            transaction);
    }

    public Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<OutboxMessage>>(async connection =>
        {
            var rows = await connection.QueryAsync<(string MessageId, string MessageType, string Body, string? TraceParent, string? TraceState, string CreatedAt)>(
                "SELECT message_id, message_type, body, trace_parent, trace_state, created_at FROM outbox ORDER BY sequence LIMIT @max",
                new { max });
            return rows.Select(r => new OutboxMessage(
                Guid.Parse(r.MessageId), r.MessageType, r.Body, r.TraceParent, r.TraceState, DateTimeOffset.Parse(r.CreatedAt, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        });

    public Task MarkSentAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                "DELETE FROM outbox WHERE message_id IN @Ids",
                new { Ids = messageIds.Select(id => id.ToString()).ToArray() },
                transaction),
            cancellationToken);

    public Task<long> CountPendingAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox"));

    public Task SetAsideAsync(Guid messageId, string reason, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var id = messageId.ToString();
                var now = DateTimeOffset.UtcNow.ToString("O");
                await connection.ExecuteAsync(
                    """
                    INSERT OR REPLACE INTO outbox_set_aside (message_id, message_type, body, trace_parent, trace_state, created_at, reason, set_aside_at)
                    SELECT message_id, message_type, body, trace_parent, trace_state, created_at, @reason, @now FROM outbox WHERE message_id = @id
                    """,
                    new { id, reason, now },
                    transaction);
                return await connection.ExecuteAsync("DELETE FROM outbox WHERE message_id = @id", new { id }, transaction);
            },
            cancellationToken);

    public Task<OutboxBacklog> BacklogAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var (pending, setAside, oldest) = await connection.QuerySingleAsync<(long, long, string?)>(
                """
                SELECT (SELECT COUNT(*) FROM outbox),
                       (SELECT COUNT(*) FROM outbox_set_aside),
                       (SELECT created_at FROM outbox ORDER BY sequence LIMIT 1)
                """);
            return new OutboxBacklog(pending, setAside, oldest is null ? null : DateTimeOffset.Parse(oldest, System.Globalization.CultureInfo.InvariantCulture));
        });
}

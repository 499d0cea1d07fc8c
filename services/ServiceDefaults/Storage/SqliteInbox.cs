using System.Data;
using Dapper;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>
/// The record of messages a consumer has applied, written in the same transaction as the effect,
/// so that a redelivered message finds its record and changes nothing.
/// </summary>
public static class SqliteInbox
{
    public static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS inbox (
            message_id TEXT NOT NULL,
            consumer TEXT NOT NULL,
            processed_at TEXT NOT NULL,
            PRIMARY KEY (message_id, consumer)
        ) WITHOUT ROWID
        """,
    ];

    /// <summary>True the first time this consumer sees the message; false when it was applied before.</summary>
    public static async Task<bool> TryRecordAsync(IDbConnection connection, IDbTransaction transaction, Guid messageId, string consumer) =>
        await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO inbox (message_id, consumer, processed_at) VALUES (@MessageId, @Consumer, @Now)",
            new { MessageId = messageId.ToString(), Consumer = consumer, Now = DateTimeOffset.UtcNow.ToString("O") },
            transaction) == 1;
}

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
        "CREATE INDEX IF NOT EXISTS inbox_by_time ON inbox (processed_at)",
    ];

    /// <summary>Records deleted per transaction, so that consumers wait for a moment at most while old ones go.</summary>
    private const int ForgetBatch = 5000;

    /// <summary>True the first time this consumer sees the message; false when it was applied before.</summary>
    public static async Task<bool> TryRecordAsync(IDbConnection connection, IDbTransaction transaction, Guid messageId, string consumer) =>
        await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO inbox (message_id, consumer, processed_at) VALUES (@MessageId, @Consumer, @Now)",
            new { MessageId = messageId.ToString(), Consumer = consumer, Now = DateTimeOffset.UtcNow.ToString("O") },
            transaction) == 1;

    /// <summary>Deletes the records of messages applied before <paramref name="cutoff"/>; answers how many went.</summary>
    public static async Task<long> ForgetBeforeAsync(SqliteDatabase database, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // processed_at is written in the round-trip format, in UTC: its text sorts as its time does.
        var before = new { Cutoff = cutoff.ToUniversalTime().ToString("O"), Batch = ForgetBatch };
        long forgotten = 0;
        while (true)
        {
            var deleted = await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
                """
                DELETE FROM inbox WHERE (message_id, consumer) IN
                  (SELECT message_id, consumer FROM inbox WHERE processed_at < @Cutoff LIMIT @Batch)
                """, before, transaction), cancellationToken);
            forgotten += deleted;
            if (deleted < ForgetBatch)
            {
                return forgotten;
            }
        }
    }
}

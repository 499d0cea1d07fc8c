using Microsoft.Extensions.Logging;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>Deletes inbox records older than <see cref="StoreOptions.InboxRetention"/>; MongoDB does it by itself, with a TTL index.</summary>
public sealed class SqliteInboxCleanup(SqliteDatabase database, StoreOptions options, TimeProvider clock, ILogger<SqliteInboxCleanup> logger)
    : PeriodicCleanup(options.InboxRetention, clock, logger)
{
    protected override string What => "processed-message records";

    protected override Task<long> DeleteBeforeAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        SqliteInbox.ForgetBeforeAsync(database, cutoff, cancellationToken);
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>
/// Deletes inbox records older than <see cref="StoreOptions.InboxRetention"/> at start and then every hour (every
/// quarter of the retention when that is shorter). MongoDB does the same by itself, with a TTL index.
/// </summary>
public sealed class SqliteInboxCleanup(SqliteDatabase database, StoreOptions options, TimeProvider clock, ILogger<SqliteInboxCleanup> logger)
    : BackgroundService
{
    public TimeSpan Interval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, options.InboxRetention.Ticks / 4));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var forgotten = await SqliteInbox.ForgetBeforeAsync(database, clock.GetUtcNow() - options.InboxRetention, stoppingToken);
                if (forgotten > 0)
                {
                    logger.LogInformation("Forgot {Count} processed messages older than {Retention}", forgotten, options.InboxRetention);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Only space is at stake: the next round tries again.
                logger.LogWarning(exception, "Old inbox records could not be deleted");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

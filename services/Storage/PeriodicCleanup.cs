using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>
/// Deletes what a store keeps for <paramref name="retention"/> only, at start and then every hour (every quarter of
/// the retention when that is shorter). Only space is at stake: a failed round is logged and the next one tries again.
/// </summary>
public abstract class PeriodicCleanup(TimeSpan retention, TimeProvider clock, ILogger logger) : BackgroundService
{
    public TimeSpan Interval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, retention.Ticks / 4));

    /// <summary>What is deleted, for the log: "processed-message records".</summary>
    protected abstract string What { get; }

    /// <summary>Deletes what is older than <paramref name="cutoff"/>; answers how many went.</summary>
    protected abstract Task<long> DeleteBeforeAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var now = clock.GetUtcNow();
                if (await DeleteBeforeAsync(now, now - retention, stoppingToken) is > 0 and var deleted)
                {
                    logger.LogInformation("Deleted {Count} {What} older than {Retention}", deleted, What, retention);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Old {What} could not be deleted; the next round tries again", What);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

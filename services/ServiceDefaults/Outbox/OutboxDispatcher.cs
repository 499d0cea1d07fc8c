using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Publishing.ServiceDefaults.Telemetry;

namespace Publishing.ServiceDefaults.Outbox;

/// <summary>
/// Publishes what the store's outbox holds, with broker confirms, then marks it sent. A crash between
/// commit and publish leaves the event pending, and it goes out after the restart: delayed, never lost.
/// A crash between publish and mark re-sends it with the same message id, which consumers ignore.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore store,
    OutboxSignal signal,
    IBus bus,
    IConfiguration configuration,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);
    private static readonly Meter Meter = new(TelemetryExtensions.SourceName);
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("publishing.outbox.published", description: "Events published from the outbox");

    // Test seam: the process kills itself after the commit and before the publish, to prove the outbox re-sends.
    private readonly bool _crashBeforePublish = configuration["PUBLISHING_CRASH_BEFORE_PUBLISH"] == "1";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Meter.CreateObservableGauge("publishing.outbox.backlog", () => _lastBacklog, description: "Events waiting in the outbox");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await DispatchBatchAsync(stoppingToken);
                if (sent < BatchSize)
                {
                    await signal.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogDispatchFailed(exception);
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private long _lastBacklog;

    private async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var pending = await store.PendingAsync(BatchSize, cancellationToken);
        _lastBacklog = pending.Count;
        if (pending.Count == 0)
        {
            return 0;
        }
        if (_crashBeforePublish)
        {
            LogCrashing(pending.Count);
            // Long enough for the request that committed the event to be answered, then die without publishing.
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
            Process.GetCurrentProcess().Kill();
        }

        // A publish waits for the broker's confirm. When the broker dies with the publish in flight, that wait can
        // outlive the connection: the batch is given up after a while and sent again (same message ids) once the
        // bus has reconnected, instead of holding up every later event.
        using (var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            publishing.CancelAfter(PublishTimeout);
            await Task.WhenAll(pending.Select(message => PublishAsync(message, publishing.Token)));
        }
        await store.MarkSentAsync(pending.Select(m => m.MessageId).ToArray(), cancellationToken);
        Published.Add(pending.Count);
        return pending.Count;
    }

    private async Task PublishAsync(OutboxMessage stored, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(stored.TraceParent, stored.TraceState, isRemote: true, out var parent);
        using var activity = TelemetryExtensions.Source.StartActivity("outbox dispatch", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", stored.MessageId);
        activity?.SetTag("publishing.outbox.age_ms", (DateTimeOffset.UtcNow - stored.CreatedAt).TotalMilliseconds);

        var (message, type) = stored.Deserialize();
        await bus.Publish(message, type, context =>
        {
            context.MessageId = stored.MessageId;
            context.Headers.Set(Messaging.EventHeaders.CommittedAt, stored.CreatedAt.ToUnixTimeMilliseconds());
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing from the outbox failed; it is retried")]
    private partial void LogDispatchFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "PUBLISHING_CRASH_BEFORE_PUBLISH is set: killing the process with {Count} events committed and unpublished")]
    private partial void LogCrashing(int count);
}

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
/// A row that fails on its own account (its type unknown to this build, a body that does not serialise) is set aside
/// with its reason after <see cref="AttemptsBeforeSettingAside"/> attempts, so the rows behind it flow; a broker that
/// is down is nobody's row's fault, and sets nothing aside.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore store,
    OutboxSignal signal,
    IBus bus,
    IConfiguration configuration,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 200;
    public const int AttemptsBeforeSettingAside = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    // The backlog gauges are read a few times a minute: counting the whole outbox for every batch is wasted under load.
    private static readonly TimeSpan BacklogInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);
    private static readonly Meter Meter = new(TelemetryExtensions.SourceName);
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("publishing.outbox.published", description: "Events published from the outbox");
    private readonly Dictionary<Guid, int> _rowFailures = [];
    private OutboxBacklog _backlog = new(0, 0, null);
    private long _backlogCountedAt;

    // Test seam: the process kills itself after the commit and before the publish, to prove the outbox re-sends.
    private readonly bool _crashBeforePublish = configuration["PUBLISHING_CRASH_BEFORE_PUBLISH"] == "1";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Meter.CreateObservableGauge("publishing.outbox.pending", () => _backlog.Pending, description: "Events waiting in the outbox (all of them, not one batch)");
        Meter.CreateObservableGauge("publishing.outbox.backlog", () => _backlog.Pending, description: "Events waiting in the outbox (the same as publishing.outbox.pending)");
        Meter.CreateObservableGauge("publishing.outbox.set_aside", () => _backlog.SetAside, description: "Events set aside because they could not be published");
        Meter.CreateObservableGauge("publishing.outbox.oldest_age", OldestAge, unit: "s", description: "Age of the oldest event waiting in the outbox");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (Stopwatch.GetElapsedTime(_backlogCountedAt) >= BacklogInterval || _backlogCountedAt == 0)
                {
                    _backlog = await store.BacklogAsync(stoppingToken);
                    _backlogCountedAt = Stopwatch.GetTimestamp();
                }
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

    private double OldestAge() => _backlog.OldestPending is { } oldest ? Math.Max(0, (DateTimeOffset.UtcNow - oldest).TotalSeconds) : 0;

    private async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var pending = await store.PendingAsync(BatchSize, cancellationToken);
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
        var published = new List<Guid>();
        var failures = new List<Exception>();
        using (var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            publishing.CancelAfter(PublishTimeout);
            var outcomes = await Task.WhenAll(pending.Select(async message =>
            {
                try
                {
                    await PublishAsync(message, publishing.Token);
                    return (message, Failure: (Exception?)null);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return (message, Failure: exception);
                }
            }));
            foreach (var (message, failure) in outcomes)
            {
                if (failure is null)
                {
                    published.Add(message.MessageId);
                }
                else if (IsTheRowsOwnFault(failure))
                {
                    await CountRowFailureAsync(message, failure, cancellationToken);
                }
                else
                {
                    failures.Add(failure);
                }
            }
        }
        if (published.Count > 0)
        {
            await store.MarkSentAsync(published, cancellationToken);
            Published.Add(published.Count);
            foreach (var id in published)
            {
                _rowFailures.Remove(id);
            }
        }
        if (failures.Count > 0)
        {
            // The broker (or the wait for its confirm) failed: the batch is tried again after a pause.
            throw new AggregateException(failures);
        }
        return pending.Count;
    }

    /// <summary>A failure that no retry can cure for this row: the type is unknown here, or the body does not (de)serialise.</summary>
    private static bool IsTheRowsOwnFault(Exception exception) =>
        exception is TypeLoadException or System.Text.Json.JsonException or NotSupportedException or ArgumentException;

    private async Task CountRowFailureAsync(OutboxMessage message, Exception failure, CancellationToken cancellationToken)
    {
        var attempts = _rowFailures[message.MessageId] = _rowFailures.GetValueOrDefault(message.MessageId) + 1;
        if (attempts < AttemptsBeforeSettingAside)
        {
            LogRowFailed(failure, message.MessageId, message.MessageType, attempts);
            return;
        }
        var reason = $"{failure.GetType().Name}: {failure.Message}";
        await store.SetAsideAsync(message.MessageId, reason, cancellationToken);
        _rowFailures.Remove(message.MessageId);
        LogSetAside(message.MessageId, message.MessageType, attempts, reason);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox event {MessageId} ({MessageType}) could not be published, attempt {Attempts}")]
    private partial void LogRowFailed(Exception exception, Guid messageId, string messageType, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox event {MessageId} ({MessageType}) set aside after {Attempts} attempts: {Reason}")]
    private partial void LogSetAside(Guid messageId, string messageType, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "PUBLISHING_CRASH_BEFORE_PUBLISH is set: killing the process with {Count} events committed and unpublished")]
    private partial void LogCrashing(int count);
}

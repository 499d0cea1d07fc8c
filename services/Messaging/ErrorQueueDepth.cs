using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Publishing.ServiceDefaults.Telemetry;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Publishing.ServiceDefaults.Messaging;

/// <summary>
/// How many messages wait in each <c>_error</c> queue of this service's endpoints: events that failed every retry
/// and that nothing applies until an operator looks. Read from the broker every <see cref="Interval"/> (a passive
/// declare: it changes nothing) and exported as the gauge <c>publishing.messaging.error_queue.depth</c>.
/// </summary>
public sealed class ErrorQueueDepth(MessagingSettings settings, ErrorQueueDepth.Endpoints endpoints, ILogger<ErrorQueueDepth> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>The receive endpoints' queue names, as MassTransit configures them.</summary>
    public sealed class Endpoints
    {
        public ConcurrentDictionary<string, long> Depths { get; } = new();
    }

    private static readonly Meter Meter = new(TelemetryExtensions.SourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Meter.CreateObservableGauge("publishing.messaging.error_queue.depth",
            () => endpoints.Depths.Select(d => new Measurement<long>(d.Value,
                new KeyValuePair<string, object?>("messaging.system", "rabbitmq"),
                new KeyValuePair<string, object?>("messaging.destination.name", d.Key))),
            unit: "{message}", description: "Messages in an endpoint's _error queue: events that failed every retry");
        var factory = new ConnectionFactory { Uri = settings.BrokerUri, ClientProvidedName = "error-queue-depth" };
        IConnection? connection = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    connection ??= await factory.CreateConnectionAsync(stoppingToken);
                    foreach (var queue in endpoints.Depths.Keys)
                    {
                        endpoints.Depths[queue] = await DepthAsync(connection, queue, stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException or IOException)
                {
                    logger.LogDebug("The _error queues could not be read ({Reason}); trying again in {Interval}.", exception.Message, Interval);
                    connection?.Dispose();
                    connection = null;
                }
                await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private static async Task<long> DepthAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException notFound) when (notFound.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // MassTransit declares an _error queue when it first moves a message there.
        }
    }
}

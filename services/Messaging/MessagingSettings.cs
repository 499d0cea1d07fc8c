using Microsoft.Extensions.Configuration;

namespace Publishing.ServiceDefaults.Messaging;

/// <summary>Broker settings from the environment: <c>RABBITMQ_URI</c>, and quorum queues where a cluster exists.</summary>
public sealed record MessagingSettings(Uri BrokerUri, bool QuorumQueues, int PrefetchCount)
{
    public static MessagingSettings From(IConfiguration configuration) => new(
        new Uri(configuration["RABBITMQ_URI"] is { Length: > 0 } uri ? uri : "amqp://guest:guest@127.0.0.1:5672/"),
        configuration["RABBITMQ_QUORUM_QUEUES"] is "1" or "true",
        int.TryParse(configuration["RABBITMQ_PREFETCH"], out var prefetch) ? prefetch : 32);
}

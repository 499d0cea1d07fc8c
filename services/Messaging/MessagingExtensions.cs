using Microsoft.Extensions.DependencyInjection.Extensions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Publishing.ServiceDefaults.Health;
using Publishing.ServiceDefaults.Outbox;

namespace Publishing.ServiceDefaults.Messaging;

/// <summary>MassTransit over RabbitMQ with the conventions every service shares.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// Durable queues named <c>{service}-{consumer}</c>, persistent messages and publisher confirms (MassTransit's
    /// RabbitMQ defaults), <see cref="Redelivery"/> and then the <c>_error</c> queue, and the outbox dispatcher.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var settings = MessagingSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton<OutboxSignal>();
        var errorQueues = new ErrorQueueDepth.Endpoints();
        builder.Services.AddSingleton(errorQueues);
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            // Without this the host serves requests before the bus is up, and early publishes are lost.
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(60);
            options.StopTimeout = TimeSpan.FromSeconds(20);
        });

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            bus.ConfigureHealthCheckOptions(options =>
            {
                options.Name = "broker";
                options.Tags.Add(HealthEndpoints.ReadyTag);
                // Reads need no broker, and writes wait in the outbox until it is back: a broker outage is Degraded
                // (reported, still ready), not a reason to take every service out of rotation.
                options.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded;
            });
            consumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((_, name, _) => errorQueues.Depths.TryAdd(name + "_error", 0));
            if (settings.QuorumQueues)
            {
                bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(settings.BrokerUri, host => host.PublisherConfirmation = true);
                rabbit.PrefetchCount = settings.PrefetchCount;
                // Retries long enough to outlast a hiccup, then the message goes to the endpoint's _error queue with
                // the reason in its headers, and the queue keeps flowing.
                rabbit.UseMessageRetry(Redelivery.Configure);
                rabbit.UseConsumeFilter(typeof(EventAgeFilter<>), context);
                rabbit.ConfigureEndpoints(context);
            });
        });

        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHostedService<ErrorQueueDepth>();
        return builder;
    }
}

using System.Threading.Channels;
using MassTransit;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>A bus of the test's own on the real broker, writing every <typeparamref name="T"/> published into a channel.</summary>
public static class Listener
{
    public static async Task<IBusControl> StartAsync<T>(Uri broker, ChannelWriter<T> into) where T : class
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker);
            rabbit.ReceiveEndpoint("service-defaults-tests-" + Guid.NewGuid().ToString("N"), endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<T>(context => into.WriteAsync(context.Message).AsTask());
            });
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        return bus;
    }
}

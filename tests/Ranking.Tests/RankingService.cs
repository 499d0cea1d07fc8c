using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Publishing.Contracts;
using Publishing.Testing;

namespace Publishing.Ranking.Tests;

/// <summary>The Ranking service in process on the assembly's broker, and a bus to publish its events with.</summary>
internal sealed class RankingService(WebApplicationFactory<Program> service, HttpClient client) : IAsyncDisposable
{
    public HttpClient Client => client;

    public IServiceProvider Services => service.Services;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// A replica on the store in <paramref name="data"/>, once it is ready (the lists answer 503 until the model is
    /// rebuilt from the store); embeddings as asked, on the given clock if any.
    /// </summary>
    public static async Task<RankingService> StartAsync(
        BrokerFixture broker, string data, bool embeddings = false, TimeProvider? clock = null)
    {
        var service = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseSetting("PUBLISHING_DATA", data)
            .UseSetting("Ranking:Embeddings:Enabled", embeddings ? "true" : "false")
            .UseSetting("RABBITMQ_URI", broker.Uri.ToString())
            .ConfigureTestServices(services =>
            {
                if (clock is not null)
                {
                    services.AddSingleton(clock);
                }
            }));
        var client = service.CreateClient();
        var ready = await Eventually.GetAsync(() => client.GetAsync("/health/ready", Cancellation), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        return new RankingService(service, client);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await service.DisposeAsync();
    }

    public static async Task<IBusControl> BusAsync(BrokerFixture broker)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(broker.Uri));
        await bus.StartAsync(Cancellation);
        return bus;
    }

    /// <summary>Publishes a new article (revision 1) and returns it.</summary>
    public static async Task<ArticleSnapshot> PublishAsync(IBus bus, string headline, string text, string[] topics, DateTimeOffset publishedAt)
    {
        var article = new ArticleSnapshot(Guid.NewGuid(), 1, "slug-" + Guid.NewGuid().ToString("N")[..8], headline, null, text,
            topics, "en", publishedAt);
        await bus.Publish(new ArticlePublished(article), Cancellation);
        return article;
    }
}

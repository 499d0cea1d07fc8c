using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Outbox;
using Publishing.Testing;

namespace Publishing.Articles.Tests;

/// <summary>
/// The articles service in process on the real broker, and a bus of the tests' own on that broker that sends what
/// Ingest and Voting send and hears what the service publishes. One service at a time, on the store the running test
/// class asks for: two in process would compete for the same queues, so the classes that use it share one collection
/// (they run one after another) and the service is restarted on the other store when a class asks for it.
/// </summary>
public sealed class ArticlesService(BrokerFixture broker, MongoFixture mongo) : IAsyncLifetime
{
    public enum StoreKind { SQLite, MongoDB }

    private readonly string _data = Directory.CreateTempSubdirectory("publishing-articles-service-").FullName;
    private readonly ConcurrentQueue<object> _heard = new();
    private WebApplicationFactory<Program>? _service;
    private StoreKind? _store;
    private IBusControl _bus = null!;

    private WebApplicationFactory<Program> Service => _service ?? throw new InvalidOperationException("Call UseAsync first.");

    public IArticleStore Store => Service.Services.GetRequiredService<IArticleStore>();

    public async ValueTask InitializeAsync()
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker.Uri);
            rabbit.ReceiveEndpoint("articles-tests-" + Guid.NewGuid().ToString("N"), endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                // One at a time, so events are heard in the order the broker holds them (see SettledAsync).
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.Handler<ArticlePublished>(context => Hear(context.Message));
                endpoint.Handler<ArticleRevised>(context => Hear(context.Message));
                endpoint.Handler<ArticleWithdrawn>(context => Hear(context.Message));
            });
        });
        await _bus.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Runs the service on <paramref name="store"/>; on MongoDB, skips the calling test when there is no server.</summary>
    public async Task UseAsync(StoreKind store)
    {
        if (_store == store)
        {
            return;
        }
        var settings = store == StoreKind.MongoDB
            ? new Dictionary<string, string> { ["MONGODB_DATABASE_PREFIX"] = mongo.NewDatabasePrefix(), ["MONGODB_URI"] = mongo.Uri! }
            : [];
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        _service = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("PUBLISHING_DATA", _data).UseSetting("RABBITMQ_URI", broker.Uri.ToString());
            foreach (var (key, value) in settings)
            {
                host.UseSetting(key, value);
            }
        });
        _ = _service.Server;
        _store = store;
    }

    private Task Hear(object message)
    {
        _heard.Enqueue(message);
        return Task.CompletedTask;
    }

    public HttpClient Client() => Service.CreateClient();

    /// <summary>Sends a message as Ingest or Voting would; the same <paramref name="messageId"/> twice is a redelivery.</summary>
    public Task SendAsync<T>(T message, Guid? messageId = null) where T : class =>
        _bus.Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid(), TestContext.Current.CancellationToken);

    /// <summary>The events the service published about the article, in the order they were heard.</summary>
    public IReadOnlyList<object> HeardAbout(Guid articleId) =>
        _heard.Where(message => message switch
        {
            ArticlePublished p => p.Article.ArticleId == articleId,
            ArticleRevised r => r.Article.ArticleId == articleId,
            ArticleWithdrawn w => w.ArticleId == articleId,
            _ => false,
        }).ToList();

    public Task<IReadOnlyList<object>> HeardAboutAsync(Guid articleId, Func<IReadOnlyList<object>, bool> done) =>
        Eventually.GetAsync(() => Task.FromResult(HeardAbout(articleId)), done);

    /// <summary>
    /// Waits until everything the service has committed so far has been published and heard: the outbox is empty,
    /// then a marker sent after that comes through the tests' queue, behind whatever the service published before it.
    /// </summary>
    public async Task SettledAsync()
    {
        var outbox = Service.Services.GetRequiredService<IOutboxStore>();
        var cancellation = TestContext.Current.CancellationToken;
        Assert.Equal(0, await Eventually.GetAsync(() => outbox.CountPendingAsync(cancellation), pending => pending == 0));
        var marker = Guid.NewGuid();
        await _bus.Publish(new ArticleWithdrawn(marker, DateTimeOffset.UtcNow), cancellation);
        Assert.NotEmpty(await HeardAboutAsync(marker, heard => heard.Count > 0));
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(CancellationToken.None);
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        TemporaryFolders.Delete(_data);
    }
}

[CollectionDefinition(nameof(ArticlesService))]
public sealed class ArticlesServiceCollection : ICollectionFixture<ArticlesService>;

using System.Collections.Concurrent;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;
using Publishing.Testing;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>The retry policy every service's consumers run under, against a real broker.</summary>
public sealed class Retrying_a_failed_message(BrokerFixture broker) : IClassFixture<BrokerFixture>, IAsyncLifetime
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    private readonly Channel<Fault<ArticleWithdrawn>> _faults = Channel.CreateUnbounded<Fault<ArticleWithdrawn>>();
    private IBusControl _listener = null!;
    private IHost _service = null!;
    private readonly SqliteStoreUnderTest _store = new();

    public async ValueTask InitializeAsync()
    {
        _listener = await Listener.StartAsync(broker.Uri, _faults.Writer);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["RABBITMQ_URI"] = broker.Uri.ToString();
        builder.Services.AddSingleton<Publishing.ServiceDefaults.Outbox.IOutboxStore>(_store.Outbox);
        builder.AddMessaging("retry-tests", bus => bus.AddConsumer<HiccupConsumer>());
        // As AddServiceDefaults registers it for every service (the event age filter reads it).
        builder.Services.AddSingleton(TimeProvider.System);
        _service = builder.Build();
        await _service.StartAsync(Cancellation);
    }

    /// <summary>The store fails for 20 s: the quick retries (1.3 s in all) are long over, and the message is still applied once.</summary>
    [Fact]
    public async Task Should_outlast_a_store_hiccup_longer_than_the_quick_retries()
    {
        var withdrawn = new ArticleWithdrawn(Guid.NewGuid(), DateTimeOffset.UtcNow);
        HiccupConsumer.FailUntil[withdrawn.ArticleId] = DateTime.UtcNow.AddSeconds(20);

        await _listener.Publish(withdrawn, Cancellation);

        var applied = await Eventually.GetAsync(() => Task.FromResult(HiccupConsumer.Applied.ContainsKey(withdrawn.ArticleId)), yes => yes, TimeSpan.FromSeconds(120));
        Assert.True(applied, $"the message was not applied after the hiccup ({HiccupConsumer.Attempts.GetValueOrDefault(withdrawn.ArticleId)} attempts)");
        Assert.InRange(HiccupConsumer.Attempts[withdrawn.ArticleId], 5, 7);
        Assert.False(_faults.Reader.TryRead(out _), "a fault was published for a message that was applied");
    }

    /// <summary>A message that can never be processed goes to _error at once, with its reason, instead of minutes of retries.</summary>
    [Fact]
    public async Task Should_send_a_message_that_makes_no_sense_to_error_at_once_with_its_reason()
    {
        var withdrawn = new ArticleWithdrawn(Guid.NewGuid(), DateTimeOffset.UtcNow);
        HiccupConsumer.Nonsense[withdrawn.ArticleId] = true;

        await _listener.Publish(withdrawn, Cancellation);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        wait.CancelAfter(TimeSpan.FromSeconds(60));
        var fault = await _faults.Reader.ReadAsync(wait.Token);
        Assert.Equal(withdrawn.ArticleId, fault.Message.ArticleId);
        Assert.Contains("makes no sense", Assert.Single(fault.Exceptions).Message);
        Assert.Equal(1, HiccupConsumer.Attempts[withdrawn.ArticleId]);
    }

    public sealed class HiccupConsumer : IConsumer<ArticleWithdrawn>
    {
        public static readonly ConcurrentDictionary<Guid, DateTime> FailUntil = [];
        public static readonly ConcurrentDictionary<Guid, bool> Nonsense = [];
        public static readonly ConcurrentDictionary<Guid, int> Attempts = [];
        public static readonly ConcurrentDictionary<Guid, bool> Applied = [];

        public Task Consume(ConsumeContext<ArticleWithdrawn> context)
        {
            var id = context.Message.ArticleId;
            Attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (Nonsense.ContainsKey(id))
            {
                throw new ArgumentException("this withdrawal makes no sense");
            }
            if (FailUntil.TryGetValue(id, out var until) && DateTime.UtcNow < until)
            {
                throw new TimeoutException("the store did not answer");
            }
            Applied[id] = true;
            return Task.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
        await _listener.StopAsync(CancellationToken.None);
        await _store.DisposeAsync();
    }
}

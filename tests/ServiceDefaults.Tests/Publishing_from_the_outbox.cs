using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Outbox;
using Publishing.Testing;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>The outbox dispatcher against a real broker: one row that cannot be published never blocks the rows behind it.</summary>
public sealed class Publishing_from_the_outbox(BrokerFixture broker) : IClassFixture<BrokerFixture>, IAsyncLifetime
{
    private readonly SqliteStoreUnderTest _store = new();
    private readonly Channel<ArticleWithdrawn> _received = Channel.CreateUnbounded<ArticleWithdrawn>();
    private IBusControl _listener = null!;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _listener = await Listener.StartAsync(broker.Uri, _received.Writer);
    }

    [Fact]
    public async Task Should_set_aside_a_row_of_an_unknown_type_after_a_few_attempts_and_publish_the_rows_behind_it()
    {
        var unknown = await _store.WriteUnknownEventAsync();
        var behind = Enumerable.Range(0, 3).Select(_ => new ArticleWithdrawn(Guid.NewGuid(), DateTimeOffset.UtcNow)).ToList();
        await _store.WriteAsync("behind", behind);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["RABBITMQ_URI"] = broker.Uri.ToString();
        builder.Services.AddSingleton(_store.Outbox);
        builder.AddMessaging("outbox-tests");
        using var host = builder.Build();
        await host.StartAsync(Cancellation);
        try
        {
            var received = new List<ArticleWithdrawn>();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            wait.CancelAfter(TimeSpan.FromSeconds(60));
            while (received.Count < behind.Count)
            {
                received.Add(await _received.Reader.ReadAsync(wait.Token));
            }
            Assert.Equal(behind.OrderBy(e => e.ArticleId), received.OrderBy(e => e.ArticleId));

            var backlog = await Eventually.GetAsync(() => _store.Outbox.BacklogAsync(Cancellation), b => b.SetAside == 1, TimeSpan.FromSeconds(30));
            Assert.Equal(new OutboxBacklog(0, 1, null), backlog);
            var reason = await _store.Database.ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<string>(c, "SELECT reason FROM outbox_set_aside WHERE message_id = @id", new { id = unknown.ToString() }));
            Assert.Contains(StoreUnderTest.UnknownType, reason);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.StopAsync(CancellationToken.None);
        await _store.DisposeAsync();
    }
}

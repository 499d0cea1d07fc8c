using Microsoft.Extensions.Hosting;

namespace Publishing.ServiceDefaults.Storage.Mongo;

/// <summary>A MongoDB adapter's indexes (its unique keys above all), created when the service starts.</summary>
public interface IMongoIndexes
{
    Task CreateAsync(MongoStore store, CancellationToken cancellationToken);
}

/// <summary>Creates the outbox's and the inbox's collections and every adapter's indexes before the service takes traffic.</summary>
public sealed class MongoIndexCreation(MongoStore store, MongoOutbox outbox, StoreOptions options, IEnumerable<IMongoIndexes> indexes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await outbox.CreateIndexesAsync(cancellationToken);
        await MongoInbox.CreateAsync(store, options.InboxRetention, cancellationToken);
        foreach (var adapter in indexes)
        {
            await adapter.CreateAsync(store, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

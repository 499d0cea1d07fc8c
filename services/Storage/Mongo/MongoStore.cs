using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;
using Publishing.ServiceDefaults.Outbox;

namespace Publishing.ServiceDefaults.Storage.Mongo;

/// <summary>
/// One service's MongoDB database. Writes run in a multi-document transaction (MongoDB as a replica set, as in
/// docker compose and deploy/), so the change, its inbox record and its outbox events commit together; the driver
/// retries the whole transaction on transient errors and write conflicts.
/// </summary>
public sealed class MongoStore : IHealthCheck, IDisposable
{
    private readonly OutboxSignal _outboxSignal;

    /// <param name="databaseName">
    /// The service's own database, named after it: the database in the URI is the one to authenticate against
    /// (operators' connection strings name <c>admin</c>), not where the data goes.
    /// </param>
    public MongoStore(string uri, string databaseName, OutboxSignal outboxSignal)
    {
        MongoConventions.Register();
        var settings = MongoClientSettings.FromUrl(MongoUrl.Create(uri));
        settings.ApplicationName = databaseName;
        Client = new MongoClient(settings);
        Database = Client.GetDatabase(databaseName);
        _outboxSignal = outboxSignal;
    }

    public IMongoClient Client { get; }

    public IMongoDatabase Database { get; }

    public IMongoCollection<T> Collection<T>(string name) => Database.GetCollection<T>(name);

    public async Task<T> WriteAsync<T>(Func<IClientSessionHandle, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        using var session = await Client.StartSessionAsync(cancellationToken: cancellationToken);
        var result = await session.WithTransactionAsync(work, cancellationToken: cancellationToken);
        _outboxSignal.Notify();
        return result;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("MongoDB does not answer.", exception);
        }
    }

    /// <summary>Closes the client's pooled connections when the service stops.</summary>
    public void Dispose() => Client.Dispose();
}

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
public sealed class MongoStore : IHealthCheck
{
    private readonly OutboxSignal _outboxSignal;

    public MongoStore(string uri, string defaultDatabase, OutboxSignal outboxSignal)
    {
        MongoConventions.Register();
        var url = MongoUrl.Create(uri);
        var settings = MongoClientSettings.FromUrl(url);
        settings.ApplicationName = defaultDatabase;
        Client = new MongoClient(settings);
        Database = Client.GetDatabase(string.IsNullOrEmpty(url.DatabaseName) ? "publishing-" + defaultDatabase : url.DatabaseName + "-" + defaultDatabase);
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
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Publishing.ServiceDefaults.Health;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.ServiceDefaults.Storage;

public static class StoreExtensions
{
    /// <summary>
    /// The service's store behind its port <typeparamref name="TPort"/>: the MongoDB adapter when <c>MONGODB_URI</c> is
    /// set (its indexes created at start), else the SQLite adapter on the service's file with <paramref name="sqliteSchema"/>.
    /// </summary>
    public static IHostApplicationBuilder AddStore<TPort, TSqlite, TMongo>(
        this IHostApplicationBuilder builder, string name, IEnumerable<string> sqliteSchema, SqliteSynchronous synchronous = SqliteSynchronous.Normal)
        where TPort : class
        where TSqlite : class, TPort
        where TMongo : class, TPort, IMongoIndexes
    {
        if (StoreOptions.From(builder.Configuration).UsesMongo)
        {
            builder.AddMongoStore(name);
            builder.Services.AddSingleton<TMongo>();
            builder.Services.AddSingleton<TPort>(provider => provider.GetRequiredService<TMongo>());
            builder.Services.AddSingleton<IMongoIndexes>(provider => provider.GetRequiredService<TMongo>());
            return builder;
        }
        builder.AddSqliteDatabase(name, sqliteSchema, synchronous);
        builder.Services.AddSingleton<TPort, TSqlite>();
        return builder;
    }

    /// <summary>
    /// The service's SQLite file <c>{PUBLISHING_DATA}/{name}.db</c> with the outbox and inbox tables and the
    /// service's own <paramref name="schema"/>, checked by the readiness probe; old inbox records are deleted.
    /// </summary>
    public static IHostApplicationBuilder AddSqliteDatabase(this IHostApplicationBuilder builder, string name, IEnumerable<string> schema, SqliteSynchronous synchronous = SqliteSynchronous.Normal)
    {
        var options = StoreOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddSingleton(provider => new SqliteDatabase(options.SqlitePath(name), schema, provider.GetRequiredService<OutboxSignal>(), synchronous));
        builder.Services.AddSingleton<IOutboxStore, SqliteOutbox>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<SqliteInboxCleanup>();
        builder.Services.AddHealthChecks().AddCheck<SqliteDatabase>("store", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// The service's MongoDB database (<c>MONGODB_URI</c>; the database is named <c>{MONGODB_DATABASE_PREFIX}{name}</c>) with
    /// its outbox, its adapters' indexes created at start (the inbox's expires old records), checked by the readiness probe.
    /// </summary>
    public static IHostApplicationBuilder AddMongoStore(this IHostApplicationBuilder builder, string name)
    {
        var options = StoreOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddSingleton(provider => new MongoStore(options.MongoUri!, options.MongoDatabasePrefix + name, provider.GetRequiredService<OutboxSignal>()));
        builder.Services.AddSingleton<MongoOutbox>();
        builder.Services.AddSingleton<IOutboxStore>(provider => provider.GetRequiredService<MongoOutbox>());
        builder.Services.AddHostedService<MongoIndexCreation>();
        builder.Services.AddHealthChecks().AddCheck<MongoStore>("store", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }
}

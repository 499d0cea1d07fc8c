using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Ingest.Storage;

public static class IngestStoreRegistration
{
    /// <summary>What Ingest keeps in MongoDB when <c>MONGODB_URI</c> is set, else in the service's SQLite file.</summary>
    public static IHostApplicationBuilder AddIngestStore(this IHostApplicationBuilder builder)
    {
        if (StoreOptions.From(builder.Configuration).UsesMongo)
        {
            builder.AddMongoStore("ingest");
            builder.Services.AddSingleton<MongoIngestStore>();
            builder.Services.AddSingleton<IIngestStore>(provider => provider.GetRequiredService<MongoIngestStore>());
            builder.Services.AddSingleton<IMongoIndexes>(provider => provider.GetRequiredService<MongoIngestStore>());
            return builder;
        }
        builder.AddSqliteDatabase("ingest", SqliteIngestStore.Schema);
        builder.Services.AddSingleton<IIngestStore, SqliteIngestStore>();
        return builder;
    }
}

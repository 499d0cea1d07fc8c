using Publishing.ServiceDefaults.Storage;

namespace Publishing.Ingest.Storage;

public static class IngestStoreRegistration
{
    /// <summary>What Ingest keeps: in MongoDB when <c>MONGODB_URI</c> is set, else in the service's SQLite file.</summary>
    public static IHostApplicationBuilder AddIngestStore(this IHostApplicationBuilder builder) =>
        builder.AddStore<IIngestStore, SqliteIngestStore, MongoIngestStore>("ingest", SqliteIngestStore.Schema);
}

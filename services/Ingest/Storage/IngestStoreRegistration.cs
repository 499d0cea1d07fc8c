using Publishing.ServiceDefaults.Storage;

namespace Publishing.Ingest.Storage;

public static class IngestStoreRegistration
{
    public static IHostApplicationBuilder AddIngestStore(this IHostApplicationBuilder builder)
    {
        builder.AddSqliteDatabase("ingest", SqliteIngestStore.Schema);
        builder.Services.AddSingleton<IIngestStore, SqliteIngestStore>();
        return builder;
    }
}

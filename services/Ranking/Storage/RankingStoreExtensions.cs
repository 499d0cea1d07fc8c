using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Ranking.Storage;

public static class RankingStoreExtensions
{
    /// <summary>The projections' store in MongoDB when <c>MONGODB_URI</c> is set, else in the service's SQLite file.</summary>
    public static IHostApplicationBuilder AddRankingStore(this IHostApplicationBuilder builder)
    {
        if (StoreOptions.From(builder.Configuration).UsesMongo)
        {
            builder.AddMongoStore("ranking");
            builder.Services.AddSingleton<MongoRankingStore>();
            builder.Services.AddSingleton<IRankingStore>(provider => provider.GetRequiredService<MongoRankingStore>());
            builder.Services.AddSingleton<IMongoIndexes>(provider => provider.GetRequiredService<MongoRankingStore>());
            return builder;
        }
        builder.AddSqliteDatabase("ranking", SqliteRankingStore.Schema);
        builder.Services.AddSingleton<IRankingStore, SqliteRankingStore>();
        return builder;
    }
}

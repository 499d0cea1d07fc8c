using Publishing.ServiceDefaults.Storage;

namespace Publishing.Ranking.Storage;

public static class RankingStoreExtensions
{
    /// <summary>The projections' store: in MongoDB when <c>MONGODB_URI</c> is set, else in the service's SQLite file.</summary>
    public static IHostApplicationBuilder AddRankingStore(this IHostApplicationBuilder builder) =>
        builder.AddStore<IRankingStore, SqliteRankingStore, MongoRankingStore>("ranking", SqliteRankingStore.Schema);
}

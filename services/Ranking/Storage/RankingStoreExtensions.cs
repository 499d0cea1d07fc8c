using Publishing.ServiceDefaults.Storage;

namespace Publishing.Ranking.Storage;

public static class RankingStoreExtensions
{
    public static IHostApplicationBuilder AddRankingStore(this IHostApplicationBuilder builder)
    {
        builder.AddSqliteDatabase("ranking", SqliteRankingStore.Schema);
        builder.Services.AddSingleton<IRankingStore, SqliteRankingStore>();
        return builder;
    }
}

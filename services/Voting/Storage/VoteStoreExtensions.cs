using Publishing.ServiceDefaults.Storage;

namespace Publishing.Voting.Storage;

public static class VoteStoreExtensions
{
    public static IHostApplicationBuilder AddVoteStore(this IHostApplicationBuilder builder)
    {
        builder.AddSqliteDatabase("voting", SqliteVoteStore.Schema);
        builder.Services.AddSingleton<IVoteStore, SqliteVoteStore>();
        return builder;
    }
}

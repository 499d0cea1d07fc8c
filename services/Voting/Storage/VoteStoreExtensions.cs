using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Voting.Storage;

public static class VoteStoreExtensions
{
    /// <summary>The votes in MongoDB when <c>MONGODB_URI</c> is set, else in the service's SQLite file.</summary>
    public static IHostApplicationBuilder AddVoteStore(this IHostApplicationBuilder builder)
    {
        if (StoreOptions.From(builder.Configuration).UsesMongo)
        {
            builder.AddMongoStore("voting");
            builder.Services.AddSingleton<MongoVoteStore>();
            builder.Services.AddSingleton<IVoteStore>(provider => provider.GetRequiredService<MongoVoteStore>());
            builder.Services.AddSingleton<IMongoIndexes>(provider => provider.GetRequiredService<MongoVoteStore>());
            return builder;
        }
        // FULL: a count event is published right after its commit, so a commit that a power cut could undo would let
        // the next change publish the same sequence for a different count, and consumers would keep the wrong one.
        builder.AddSqliteDatabase("voting", SqliteVoteStore.Schema, SqliteSynchronous.Full);
        builder.Services.AddSingleton<IVoteStore, SqliteVoteStore>();
        return builder;
    }
}

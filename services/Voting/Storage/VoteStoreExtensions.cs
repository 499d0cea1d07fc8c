using Publishing.ServiceDefaults.Storage;
using Publishing.Voting.Domain;

namespace Publishing.Voting.Storage;

public static class VoteStoreExtensions
{
    /// <summary>The votes: in MongoDB when <c>MONGODB_URI</c> is set, else in the service's SQLite file.</summary>
    // SQLite FULL: a count event is published right after its commit, so a commit that a power cut could undo would let
    // the next change publish the same sequence for a different count, and consumers would keep the wrong one.
    public static IHostApplicationBuilder AddVoteStore(this IHostApplicationBuilder builder) =>
        builder.AddStore<IVoteStore, SqliteVoteStore, MongoVoteStore>("voting", SqliteVoteStore.Schema, SqliteSynchronous.Full);
}

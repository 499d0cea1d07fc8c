using Dapper;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using Publishing.Voting.Storage;

namespace Publishing.Voting.Tests;

/// <summary>A vote store on its own SQLite file in a temporary folder, with a look into its outbox.</summary>
public sealed class VoteStoreFixture : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publishing-voting-").FullName;

    public VoteStoreFixture()
    {
        Database = new SqliteDatabase(Path.Combine(_folder, "voting.db"), SqliteVoteStore.Schema, new OutboxSignal());
        Store = new SqliteVoteStore(Database);
        Outbox = new SqliteOutbox(Database);
    }

    public SqliteDatabase Database { get; }
    public SqliteVoteStore Store { get; }
    public SqliteOutbox Outbox { get; }

    public async Task<Guid> PublishedArticleAsync()
    {
        var id = Guid.NewGuid();
        await Store.ApplyPublishedAsync(id, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        return id;
    }

    /// <summary>The events waiting in the outbox, deserialized, in commit order.</summary>
    public async Task<IReadOnlyList<object>> EventsAsync() =>
        (await Outbox.PendingAsync(100_000, TestContext.Current.CancellationToken)).Select(m => m.Deserialize().Message).ToList();

    public Task<long> StoredVotesAsync(Guid articleId) =>
        Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM votes WHERE article_id = @Id", new { Id = articleId.ToString() }));

    public void Dispose()
    {
        Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}

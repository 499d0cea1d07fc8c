using System.Data;
using Dapper;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Storage;
using Publishing.Voting.Domain;

namespace Publishing.Voting.Storage;

public sealed class SqliteVoteStore : IVoteStore, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly GroupedWrites<Ballot, VoteTally> _ballots;

    public SqliteVoteStore(SqliteDatabase database)
    {
        _database = database;
        _ballots = new GroupedWrites<Ballot, VoteTally>(database, SaveAsync);
    }

    public static readonly string[] Schema =
    [
        // The catalogue: what Articles published or withdrew, with the count and the sequence of its last change.
        """
        CREATE TABLE IF NOT EXISTS articles (
            id TEXT PRIMARY KEY,
            published_at INTEGER,
            withdrawn_at INTEGER,
            votes INTEGER NOT NULL DEFAULT 0,
            sequence INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID
        """,
        // The primary key is what makes a reader count once per article, whatever races the requests run.
        """
        CREATE TABLE IF NOT EXISTS votes (
            article_id TEXT NOT NULL,
            reader_id TEXT NOT NULL,
            cast_at INTEGER NOT NULL,
            PRIMARY KEY (article_id, reader_id)
        ) WITHOUT ROWID
        """,
    ];

    private sealed record EntryRow(long? PublishedAt, long? WithdrawnAt, long Votes, long Sequence)
    {
        public CatalogueEntry ToEntry() => new(Time(PublishedAt), Time(WithdrawnAt), Votes, Sequence);
    }

    private static DateTimeOffset? Time(long? ticks) => ticks is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null;

    public Task ApplyAsync(IReadOnlyList<CatalogueChange> changes, CancellationToken cancellationToken) =>
        _database.WriteAsync(async (connection, transaction) =>
        {
            foreach (var change in changes)
            {
                var id = change.ArticleId.ToString();
                var before = await FindAsync(connection, transaction, id) ?? CatalogueEntry.Unseen;
                var after = VoteRules.Catalogue(before, change);
                if (after != before)
                {
                    await connection.ExecuteAsync(
                        """
                        INSERT INTO articles (id, published_at, withdrawn_at) VALUES (@id, @PublishedAt, @WithdrawnAt)
                        ON CONFLICT (id) DO UPDATE SET published_at = excluded.published_at, withdrawn_at = excluded.withdrawn_at
                        """, new { id, PublishedAt = after.PublishedAt?.UtcTicks, WithdrawnAt = after.WithdrawnAt?.UtcTicks }, transaction);
                }
            }
            return changes.Count;
        }, cancellationToken);

    public Task<VoteTally> ApplyAsync(Ballot ballot, CancellationToken cancellationToken) =>
        _ballots.ApplyAsync(ballot, cancellationToken);

    /// <summary>Loads what the rules decide on, and saves their decision; the primary key of votes guards a reader's one vote.</summary>
    private static async Task<VoteTally> SaveAsync(IDbConnection connection, IDbTransaction transaction, Ballot ballot)
    {
        var key = new { Id = ballot.ArticleId.ToString(), ballot.ReaderId };
        var entry = await FindAsync(connection, transaction, key.Id);
        var votedAt = entry is null ? null : Time(await connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT cast_at FROM votes WHERE article_id = @Id AND reader_id = @ReaderId", key, transaction));
        var decision = VoteRules.Decide(entry, votedAt, ballot);
        switch (decision)
        {
            case BallotDecision.Record { Event: var cast }:
                await connection.ExecuteAsync(
                    "INSERT INTO votes (article_id, reader_id, cast_at) VALUES (@Id, @ReaderId, @At)", new { key.Id, key.ReaderId, At = cast.CastAt.UtcTicks }, transaction);
                await SetCountAsync(connection, transaction, key.Id, cast.Count, cast.Sequence);
                await SqliteOutbox.AddAsync(connection, transaction, cast);
                break;
            case BallotDecision.Remove { Event: var retracted }:
                await connection.ExecuteAsync("DELETE FROM votes WHERE article_id = @Id AND reader_id = @ReaderId", key, transaction);
                await SetCountAsync(connection, transaction, key.Id, retracted.Count, retracted.Sequence);
                await SqliteOutbox.AddAsync(connection, transaction, retracted);
                break;
        }
        return decision.Tally;
    }

    private static Task SetCountAsync(IDbConnection connection, IDbTransaction transaction, string id, long votes, long sequence) =>
        connection.ExecuteAsync("UPDATE articles SET votes = @votes, sequence = @sequence WHERE id = @id", new { id, votes, sequence }, transaction);

    public Task<CatalogueEntry?> FindAsync(Guid articleId, CancellationToken cancellationToken) =>
        _database.ReadAsync(connection => FindAsync(connection, null, articleId.ToString()));

    public Task<bool> HasVotedAsync(Guid articleId, string readerId, CancellationToken cancellationToken) =>
        _database.ReadAsync(async connection => await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM votes WHERE article_id = @id AND reader_id = @readerId", new { id = articleId.ToString(), readerId }) > 0);

    private static async Task<CatalogueEntry?> FindAsync(IDbConnection connection, IDbTransaction? transaction, string id) =>
        (await connection.QuerySingleOrDefaultAsync<EntryRow>(
            "SELECT published_at AS PublishedAt, withdrawn_at AS WithdrawnAt, votes, sequence FROM articles WHERE id = @id", new { id }, transaction))?.ToEntry();

    public ValueTask DisposeAsync() => _ballots.DisposeAsync();
}

using System.Data;
using Dapper;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.Voting.Storage;

public sealed class SqliteVoteStore : IVoteStore, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly GroupedWrites<Ballot, VoteTally> _ballots;

    public SqliteVoteStore(SqliteDatabase database)
    {
        _database = database;
        _ballots = new GroupedWrites<Ballot, VoteTally>(database, (connection, transaction, ballot) => ballot.Cast
            ? CastAsync(connection, transaction, ballot.ArticleId, ballot.ReaderId, ballot.At)
            : RetractAsync(connection, transaction, ballot.ArticleId, ballot.ReaderId, ballot.At));
    }

    /// <summary>A vote (<paramref name="Cast"/>) or a retraction, waiting for its turn in a shared transaction.</summary>
    private sealed record Ballot(bool Cast, Guid ArticleId, string ReaderId, DateTimeOffset At);

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

    private sealed record CatalogueEntry(long? PublishedAt, long? WithdrawnAt, long Votes);

    private sealed record CountChange(long Votes, long Sequence);

    public Task ApplyPublishedAsync(Guid articleId, DateTimeOffset publishedAt, CancellationToken cancellationToken) =>
        _database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            """
            INSERT INTO articles (id, published_at) VALUES (@Id, @At)
            ON CONFLICT (id) DO UPDATE SET published_at = excluded.published_at WHERE articles.published_at IS NULL
            """, new { Id = articleId.ToString(), At = publishedAt.UtcTicks }, transaction), cancellationToken);

    public Task ApplyWithdrawnAsync(Guid articleId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        _database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            """
            INSERT INTO articles (id, withdrawn_at) VALUES (@Id, @At)
            ON CONFLICT (id) DO UPDATE SET withdrawn_at = excluded.withdrawn_at WHERE articles.withdrawn_at IS NULL
            """, new { Id = articleId.ToString(), At = withdrawnAt.UtcTicks }, transaction), cancellationToken);

    public Task<VoteTally> CastAsync(Guid articleId, string readerId, DateTimeOffset castAt, CancellationToken cancellationToken) =>
        _ballots.ApplyAsync(new Ballot(Cast: true, articleId, readerId, castAt), cancellationToken);

    public Task<VoteTally> RetractAsync(Guid articleId, string readerId, DateTimeOffset retractedAt, CancellationToken cancellationToken) =>
        _ballots.ApplyAsync(new Ballot(Cast: false, articleId, readerId, retractedAt), cancellationToken);

    private static Task<VoteTally> CastAsync(IDbConnection connection, IDbTransaction transaction, Guid articleId, string readerId, DateTimeOffset castAt) =>
        ChangeOpenArticleAsync(connection, transaction, articleId, async (id, entry) =>
        {
            var inserted = await connection.ExecuteAsync(
                "INSERT INTO votes (article_id, reader_id, cast_at) VALUES (@id, @readerId, @At) ON CONFLICT DO NOTHING",
                new { id, readerId, At = castAt.UtcTicks }, transaction);
            if (inserted == 0)
            {
                return new VoteTally.Counted(articleId, entry.Votes, Voted: true);
            }
            var change = await ChangeCountAsync(connection, transaction, id, +1);
            await SqliteOutbox.AddAsync(connection, transaction, new VoteCast(articleId, readerId, change.Votes, change.Sequence, castAt));
            return new VoteTally.Counted(articleId, change.Votes, Voted: true);
        });

    private static Task<VoteTally> RetractAsync(IDbConnection connection, IDbTransaction transaction, Guid articleId, string readerId, DateTimeOffset retractedAt) =>
        ChangeOpenArticleAsync(connection, transaction, articleId, async (id, entry) =>
        {
            var castAt = await connection.QuerySingleOrDefaultAsync<long?>(
                "DELETE FROM votes WHERE article_id = @id AND reader_id = @readerId RETURNING cast_at",
                new { id, readerId }, transaction);
            if (castAt is null)
            {
                return new VoteTally.Counted(articleId, entry.Votes, Voted: false);
            }
            var change = await ChangeCountAsync(connection, transaction, id, -1);
            await SqliteOutbox.AddAsync(connection, transaction, new VoteRetracted(
                articleId, readerId, change.Votes, change.Sequence, new DateTimeOffset(castAt.Value, TimeSpan.Zero), retractedAt));
            return new VoteTally.Counted(articleId, change.Votes, Voted: false);
        });

    /// <summary>Changes the votes of an article readers can vote for, or answers why they cannot.</summary>
    private static async Task<VoteTally> ChangeOpenArticleAsync(
        IDbConnection connection, IDbTransaction transaction, Guid articleId, Func<string, CatalogueEntry, Task<VoteTally>> change)
    {
        var id = articleId.ToString();
        var entry = await FindAsync(connection, transaction, id);
        return Closed(entry) ?? await change(id, entry!);
    }

    public Task<VoteTally> TallyAsync(Guid articleId, string? readerId, CancellationToken cancellationToken) =>
        _database.ReadAsync(async connection =>
        {
            var id = articleId.ToString();
            var entry = await FindAsync(connection, null, id);
            if (Closed(entry) is { } closed)
            {
                return closed;
            }
            var voted = readerId is not null && await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM votes WHERE article_id = @id AND reader_id = @readerId", new { id, readerId }) > 0;
            return new VoteTally.Counted(articleId, entry!.Votes, voted);
        });

    private static Task<CatalogueEntry?> FindAsync(IDbConnection connection, IDbTransaction? transaction, string id) =>
        connection.QuerySingleOrDefaultAsync<CatalogueEntry>(
            "SELECT published_at AS PublishedAt, withdrawn_at AS WithdrawnAt, votes FROM articles WHERE id = @id", new { id }, transaction);

    private static VoteTally? Closed(CatalogueEntry? entry) => entry switch
    {
        { WithdrawnAt: not null } => new VoteTally.Withdrawn(),
        null or { PublishedAt: null } => new VoteTally.Unknown(),
        _ => null,
    };

    private static Task<CountChange> ChangeCountAsync(IDbConnection connection, IDbTransaction transaction, string id, int by) =>
        connection.QuerySingleAsync<CountChange>(
            "UPDATE articles SET votes = votes + @by, sequence = sequence + 1 WHERE id = @id RETURNING votes, sequence",
            new { id, by }, transaction);

    public ValueTask DisposeAsync() => _ballots.DisposeAsync();
}

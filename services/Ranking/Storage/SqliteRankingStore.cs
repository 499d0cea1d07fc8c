using System.Data;
using System.Text.Json;
using Dapper;
using Publishing.Contracts;
using Publishing.Ranking.Domain;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.Ranking.Storage;

public sealed class SqliteRankingStore(SqliteDatabase database) : IRankingStore
{
    public static readonly string[] Schema =
    [
        // The row id keeps the order articles were first stored in, which is the order the model is rebuilt in.
        """
        CREATE TABLE IF NOT EXISTS articles (
            id TEXT NOT NULL UNIQUE,
            revision INTEGER NOT NULL DEFAULT 0,
            snapshot TEXT,
            withdrawn_at INTEGER,
            change INTEGER NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX IF NOT EXISTS articles_by_change ON articles (change)",
        // The feed: one row per change that took effect, numbered in commit order (one writer at a time), which
        // every replica follows to keep its model in step with the store.
        """
        CREATE TABLE IF NOT EXISTS feed (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL,
            reader_id TEXT
        )
        """,
        // The feed's last position as of a time (ticks), noted when it is trimmed, and how far it has been trimmed.
        "CREATE TABLE IF NOT EXISTS feed_marks (at INTEGER PRIMARY KEY, position INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS feed_trimmed (id INTEGER PRIMARY KEY CHECK (id = 1), through INTEGER NOT NULL)",
        // The related-articles index, whole, and the last feed position it covers.
        """
        CREATE TABLE IF NOT EXISTS checkpoints (
            name TEXT PRIMARY KEY,
            covers INTEGER NOT NULL,
            data BLOB NOT NULL
        ) WITHOUT ROWID
        """,
        // One row per (article, reader): the latest change seen, by the article's count sequence.
        """
        CREATE TABLE IF NOT EXISTS votes (
            article_id TEXT NOT NULL,
            reader_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            cast_at INTEGER NOT NULL,
            standing INTEGER NOT NULL,
            PRIMARY KEY (article_id, reader_id)
        ) WITHOUT ROWID
        """,
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task ApplyAsync(string consumer, IReadOnlyList<Delivered<RankingChange>> changes, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            foreach (var (messageId, change) in changes)
            {
                if (!await SqliteInbox.TryRecordAsync(connection, transaction, messageId, consumer))
                {
                    continue;
                }
                var decision = change is RankingChange.Vote { ReaderVote: var vote }
                    ? RankingRules.Decide(await StoredVoteAsync(connection, transaction, vote), vote)
                    : RankingRules.Decide(await ArticleStateAsync(connection, transaction, change.ArticleId), change);
                await SaveAsync(connection, transaction, decision);
            }
            return changes.Count;
        }, cancellationToken);

    private sealed record StateRow(long Revision, long? WithdrawnAt);

    private static async Task<ArticleState> ArticleStateAsync(IDbConnection connection, IDbTransaction transaction, Guid articleId) =>
        await connection.QuerySingleOrDefaultAsync<StateRow>(
            "SELECT revision, withdrawn_at AS WithdrawnAt FROM articles WHERE id = @Id", new { Id = articleId.ToString() }, transaction) is { } row
            ? new ArticleState((int)row.Revision, row.WithdrawnAt is not null)
            : ArticleState.Unseen;

    private static async Task<ReaderVote?> StoredVoteAsync(IDbConnection connection, IDbTransaction transaction, ReaderVote vote) =>
        await connection.QuerySingleOrDefaultAsync<VoteStateRow>(
            $"SELECT {VoteColumns} FROM votes WHERE article_id = @ArticleId AND reader_id = @ReaderId",
            new { ArticleId = vote.ArticleId.ToString(), vote.ReaderId }, transaction) is { } row
            ? ToVote(row)
            : null;

    private static async Task SaveAsync(IDbConnection connection, IDbTransaction transaction, RankingDecision decision)
    {
        switch (decision)
        {
            case RankingDecision.KeepArticle { Snapshot: var article }:
                await connection.ExecuteAsync(
                    """
                    INSERT INTO articles (id, revision, snapshot) VALUES (@Id, @Revision, @Snapshot)
                    ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, snapshot = excluded.snapshot
                    """,
                    new { Id = article.ArticleId.ToString(), article.Revision, Snapshot = JsonSerializer.Serialize(article, Json) }, transaction);
                await ArticleChangedAsync(connection, transaction, article.ArticleId);
                break;
            case RankingDecision.Withdraw withdraw:
                await connection.ExecuteAsync(
                    "INSERT INTO articles (id, withdrawn_at) VALUES (@Id, @At) ON CONFLICT (id) DO UPDATE SET withdrawn_at = excluded.withdrawn_at",
                    new { Id = withdraw.ArticleId.ToString(), At = withdraw.WithdrawnAt.UtcTicks }, transaction);
                await ArticleChangedAsync(connection, transaction, withdraw.ArticleId);
                break;
            case RankingDecision.KeepVote { Vote: var vote }:
                var key = new { ArticleId = vote.ArticleId.ToString(), vote.ReaderId };
                await connection.ExecuteAsync(
                    """
                    INSERT INTO votes (article_id, reader_id, sequence, cast_at, standing) VALUES (@ArticleId, @ReaderId, @Sequence, @CastAt, @Standing)
                    ON CONFLICT (article_id, reader_id) DO UPDATE SET sequence = excluded.sequence, cast_at = excluded.cast_at, standing = excluded.standing
                    """,
                    new { key.ArticleId, key.ReaderId, vote.Sequence, CastAt = vote.CastAt.UtcTicks, vote.Standing }, transaction);
                await connection.ExecuteAsync("INSERT INTO feed (article_id, reader_id) VALUES (@ArticleId, @ReaderId)", key, transaction);
                break;
        }
    }

    /// <summary>Puts the article's change in the feed and numbers the article with its position.</summary>
    private static Task ArticleChangedAsync(IDbConnection connection, IDbTransaction transaction, Guid articleId) =>
        connection.ExecuteAsync(
            "INSERT INTO feed (article_id) VALUES (@Id); UPDATE articles SET change = last_insert_rowid() WHERE id = @Id",
            new { Id = articleId.ToString() }, transaction);

    private sealed record ArticleRow(string Id, string? Snapshot, long? WithdrawnAt, long Change);
    private sealed record VoteStateRow(string ArticleId, string ReaderId, long Sequence, long CastAt, long Standing);

    private const string ArticleColumns = "id, snapshot, withdrawn_at AS WithdrawnAt, change";
    private const string VoteColumns = "votes.article_id AS ArticleId, votes.reader_id AS ReaderId, sequence, cast_at AS CastAt, standing";

    public Task<RankingSnapshot> LoadAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            // The position first: whatever is committed after it may show in the rows too, and is applied again harmlessly.
            var position = await LastPositionAsync(connection, 0, cancellationToken);
            var articles = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
                $"SELECT {ArticleColumns} FROM articles ORDER BY rowid", cancellationToken: cancellationToken));
            var votes = await connection.QueryAsync<VoteStateRow>(new CommandDefinition(
                $"SELECT {VoteColumns} FROM votes WHERE standing = 1", cancellationToken: cancellationToken));
            return new RankingSnapshot(articles.Select(ToStored).ToList(), votes.Select(ToVote).ToList(), position);
        });

    public Task<RankingSnapshot> ChangesAfterAsync(long position, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            // One writer commits the feed in position order: every change up to the last position seen is visible.
            var last = await LastPositionAsync(connection, position, cancellationToken);
            if (last == position)
            {
                return new RankingSnapshot([], [], position);
            }
            var range = new { After = position, Last = last };
            var articles = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
                $"""
                SELECT {ArticleColumns} FROM articles
                WHERE id IN (SELECT article_id FROM feed WHERE position > @After AND position <= @Last AND reader_id IS NULL)
                ORDER BY rowid
                """, range, cancellationToken: cancellationToken));
            var votes = await connection.QueryAsync<VoteStateRow>(new CommandDefinition(
                $"""
                SELECT {VoteColumns} FROM votes
                JOIN (SELECT DISTINCT article_id, reader_id FROM feed WHERE position > @After AND position <= @Last AND reader_id IS NOT NULL) changed
                  ON votes.article_id = changed.article_id AND votes.reader_id = changed.reader_id
                """, range, cancellationToken: cancellationToken));
            // Read after the entries: a trim notes how far it goes before it deletes anything.
            var trimmedThrough = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COALESCE((SELECT through FROM feed_trimmed WHERE id = 1), 0)", cancellationToken: cancellationToken));
            if (position < trimmedThrough)
            {
                articles = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
                    $"SELECT {ArticleColumns} FROM articles ORDER BY rowid", cancellationToken: cancellationToken));
                votes = await connection.QueryAsync<VoteStateRow>(new CommandDefinition(
                    $"SELECT {VoteColumns} FROM votes", cancellationToken: cancellationToken));
            }
            return new RankingSnapshot(articles.Select(ToStored).ToList(), votes.Select(ToVote).ToList(), last);
        });

    /// <summary>Feed entries deleted per transaction, so that consumers wait for a moment at most.</summary>
    private const int TrimBatch = 5000;

    public async Task<long> TrimFeedAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var through = await database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(
                "INSERT OR REPLACE INTO feed_marks (at, position) VALUES (@At, @Position)",
                new { At = now.UtcTicks, Position = await LastPositionAsync(connection, 0, cancellationToken, transaction) }, transaction);
            var horizon = await connection.QuerySingleOrDefaultAsync<MarkRow>(
                "SELECT at, position FROM feed_marks WHERE at <= @Cutoff ORDER BY at DESC LIMIT 1", new { Cutoff = cutoff.UtcTicks }, transaction);
            if (horizon is not { } mark)
            {
                // Nothing noted long enough ago yet.
                return 0L;
            }
            await connection.ExecuteAsync("DELETE FROM feed_marks WHERE at < @At", new { mark.At }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO feed_trimmed (id, through) VALUES (1, @Through) ON CONFLICT (id) DO UPDATE SET through = MAX(through, excluded.through)",
                new { Through = mark.Position }, transaction);
            return mark.Position;
        }, cancellationToken);

        long trimmed = 0;
        while (through > 0)
        {
            var deleted = await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
                "DELETE FROM feed WHERE position IN (SELECT position FROM feed WHERE position <= @Through ORDER BY position LIMIT @Batch)",
                new { Through = through, Batch = TrimBatch }, transaction), cancellationToken);
            trimmed += deleted;
            if (deleted < TrimBatch)
            {
                break;
            }
        }
        return trimmed;
    }

    /// <summary>The last position handed out, which trimming the feed does not take back.</summary>
    private static Task<long> LastPositionAsync(IDbConnection connection, long atLeast, CancellationToken cancellationToken, IDbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'feed'), 0), @AtLeast)", new { AtLeast = atLeast }, transaction,
            cancellationToken: cancellationToken));

    private sealed record MarkRow(long At, long Position);

    private static StoredArticle ToStored(ArticleRow row) => new(Guid.Parse(row.Id),
        row.Snapshot is null ? null : JsonSerializer.Deserialize<ArticleSnapshot>(row.Snapshot, Json), row.WithdrawnAt is not null, row.Change);

    private static ReaderVote ToVote(VoteStateRow row) =>
        new(Guid.Parse(row.ArticleId), row.ReaderId, row.Sequence, new DateTimeOffset(row.CastAt, TimeSpan.Zero), row.Standing == 1);

    public Task SaveCheckpointAsync(byte[] checkpoint, long covers, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            """
            INSERT INTO checkpoints (name, covers, data) VALUES (@Name, @Covers, @Data)
            ON CONFLICT (name) DO UPDATE SET covers = excluded.covers, data = excluded.data
            """, new { Name = CheckpointName, Covers = covers, Data = checkpoint }, transaction), cancellationToken);

    /// <summary>Named for what <c>covers</c> counts (feed positions), so that a checkpoint counting something else is never read.</summary>
    private const string CheckpointName = "related-by-feed-position";

    private sealed record CheckpointRow(long Covers, byte[] Data);

    public Task<RelatedCheckpoint?> LoadCheckpointAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
            await connection.QuerySingleOrDefaultAsync<CheckpointRow>(new CommandDefinition(
                "SELECT covers, data FROM checkpoints WHERE name = @Name", new { Name = CheckpointName }, cancellationToken: cancellationToken)) is { } row
                ? new RelatedCheckpoint(row.Covers, row.Data)
                : null);
}

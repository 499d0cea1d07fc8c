using System.Data;
using System.Text.Json;
using Dapper;
using Publishing.Contracts;
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
        // The related-articles index, whole, and the last article change it covers.
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

    public Task<bool> PutArticleAsync(Guid messageId, string consumer, ArticleSnapshot article, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await SqliteInbox.TryRecordAsync(connection, transaction, messageId, consumer) &&
            await connection.ExecuteAsync(
                """
                INSERT INTO articles (id, revision, snapshot, change) VALUES (@Id, @Revision, @Snapshot, (SELECT COALESCE(MAX(change), 0) + 1 FROM articles))
                ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, snapshot = excluded.snapshot, change = excluded.change
                WHERE articles.withdrawn_at IS NULL AND articles.revision < excluded.revision
                """,
                new { Id = article.ArticleId.ToString(), article.Revision, Snapshot = JsonSerializer.Serialize(article, Json) },
                transaction) == 1, cancellationToken);

    public Task<bool> WithdrawAsync(Guid messageId, string consumer, Guid articleId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await SqliteInbox.TryRecordAsync(connection, transaction, messageId, consumer) &&
            await connection.ExecuteAsync(
                """
                INSERT INTO articles (id, withdrawn_at, change) VALUES (@Id, @At, (SELECT COALESCE(MAX(change), 0) + 1 FROM articles))
                ON CONFLICT (id) DO UPDATE SET withdrawn_at = excluded.withdrawn_at, change = excluded.change WHERE articles.withdrawn_at IS NULL
                """,
                new { Id = articleId.ToString(), At = withdrawnAt.UtcTicks }, transaction) == 1, cancellationToken);

    private sealed record VoteRow(long Sequence, long CastAt, long Standing);

    public Task<VoteChange> PutVoteAsync(Guid messageId, string consumer, ReaderVote vote, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (!await SqliteInbox.TryRecordAsync(connection, transaction, messageId, consumer))
            {
                return VoteChange.None;
            }
            var key = new { ArticleId = vote.ArticleId.ToString(), vote.ReaderId };
            var before = await connection.QuerySingleOrDefaultAsync<VoteRow>(
                "SELECT sequence, cast_at AS CastAt, standing FROM votes WHERE article_id = @ArticleId AND reader_id = @ReaderId", key, transaction);
            if (before is not null && before.Sequence >= vote.Sequence)
            {
                return VoteChange.None;
            }
            await connection.ExecuteAsync(
                """
                INSERT INTO votes (article_id, reader_id, sequence, cast_at, standing) VALUES (@ArticleId, @ReaderId, @Sequence, @CastAt, @Standing)
                ON CONFLICT (article_id, reader_id) DO UPDATE SET sequence = excluded.sequence, cast_at = excluded.cast_at, standing = excluded.standing
                """,
                new { key.ArticleId, key.ReaderId, vote.Sequence, CastAt = vote.CastAt.UtcTicks, vote.Standing }, transaction);
            return new VoteChange(
                before is { Standing: 1 } ? new DateTimeOffset(before.CastAt, TimeSpan.Zero) : null,
                vote.Standing ? vote.CastAt : null);
        }, cancellationToken);

    private sealed record ArticleRow(string Id, string? Snapshot, long? WithdrawnAt, long Change);
    private sealed record StandingVote(string ArticleId, string ReaderId, long Sequence, long CastAt);

    public Task<RankingSnapshot> LoadAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var articles = await connection.QueryAsync<ArticleRow>(
                new CommandDefinition("SELECT id, snapshot, withdrawn_at AS WithdrawnAt, change FROM articles ORDER BY rowid", cancellationToken: cancellationToken));
            var votes = await connection.QueryAsync<StandingVote>(new CommandDefinition(
                "SELECT article_id AS ArticleId, reader_id AS ReaderId, sequence, cast_at AS CastAt FROM votes WHERE standing = 1",
                cancellationToken: cancellationToken));
            return new RankingSnapshot(
                articles.Select(a => new StoredArticle(Guid.Parse(a.Id),
                    a.Snapshot is null ? null : JsonSerializer.Deserialize<ArticleSnapshot>(a.Snapshot, Json), a.WithdrawnAt is not null, a.Change)).ToList(),
                votes.Select(v => new ReaderVote(Guid.Parse(v.ArticleId), v.ReaderId, v.Sequence, new DateTimeOffset(v.CastAt, TimeSpan.Zero), Standing: true)).ToList());
        });

    public Task SaveCheckpointAsync(byte[] checkpoint, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            """
            INSERT INTO checkpoints (name, covers, data) VALUES ('related', (SELECT COALESCE(MAX(change), 0) FROM articles), @Data)
            ON CONFLICT (name) DO UPDATE SET covers = excluded.covers, data = excluded.data
            """, new { Data = checkpoint }, transaction), cancellationToken);

    private sealed record CheckpointRow(long Covers, byte[] Data);

    public Task<RelatedCheckpoint?> LoadCheckpointAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
            await connection.QuerySingleOrDefaultAsync<CheckpointRow>(new CommandDefinition(
                "SELECT covers, data FROM checkpoints WHERE name = 'related'", cancellationToken: cancellationToken)) is { } row
                ? new RelatedCheckpoint(row.Covers, row.Data)
                : null);
}

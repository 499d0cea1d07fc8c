using System.Data;
using System.Text.Json;
using Dapper;
using Publishing.Articles.Domain;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.Articles.Storage;

public sealed class SqliteArticleStore(SqliteDatabase database) : IArticleStore
{
    public static readonly string[] Schema =
    [
        // One row per article: its newest revision, or a tombstone when withdrawn (possibly before any revision arrived).
        """
        CREATE TABLE IF NOT EXISTS articles (
            id TEXT PRIMARY KEY,
            revision INTEGER NOT NULL DEFAULT 0,
            slug TEXT,
            source TEXT,
            external_id TEXT,
            headline TEXT,
            summary TEXT,
            body TEXT,
            byline TEXT,
            dateline TEXT,
            topics TEXT NOT NULL DEFAULT '[]',
            language TEXT,
            published_at INTEGER,
            updated_at INTEGER,
            withdrawn_at INTEGER,
            votes INTEGER NOT NULL DEFAULT 0,
            votes_sequence INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS articles_newest ON articles (published_at DESC, id DESC) WHERE withdrawn_at IS NULL AND revision > 0",
        "CREATE TABLE IF NOT EXISTS revisions (article_id TEXT NOT NULL, revision INTEGER NOT NULL, submission TEXT NOT NULL, PRIMARY KEY (article_id, revision)) WITHOUT ROWID",
        // Every slug an article ever had keeps resolving to it.
        "CREATE TABLE IF NOT EXISTS slugs (slug TEXT PRIMARY KEY, article_id TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS article_topics (topic TEXT NOT NULL, published_at INTEGER NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (topic, published_at, article_id)) WITHOUT ROWID",
    ];

    public Task ApplyAsync(IReadOnlyList<Delivered<ArticleChange>> changes, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            foreach (var (messageId, change) in changes)
            {
                if (!await SqliteInbox.TryRecordAsync(connection, transaction, messageId, ArticleStoreChanges.InboxConsumer(change)))
                {
                    continue;
                }
                if (change is ArticleChange.Submission submission)
                {
                    await KeepRevisionAsync(connection, transaction, submission.Revision);
                }
                var state = await connection.QuerySingleOrDefaultAsync<StateRow>(
                    "SELECT revision, withdrawn_at AS WithdrawnAt, votes, votes_sequence AS VotesSequence FROM articles WHERE id = @Id",
                    new { Id = change.ArticleId.ToString() }, transaction);
                await SaveAsync(connection, transaction, change.ArticleId, ArticleRules.Decide(state?.ToState() ?? ArticleState.Unseen, change));
            }
            return changes.Count;
        }, cancellationToken);

    private sealed record StateRow(long Revision, long? WithdrawnAt, long Votes, long VotesSequence)
    {
        public ArticleState ToState() => new((int)Revision, WithdrawnAt is { } at ? Time(at) : null, Votes, VotesSequence);
    }

    private static async Task KeepRevisionAsync(IDbConnection connection, IDbTransaction transaction, ArticleSubmitted submitted)
    {
        var id = submitted.ArticleId.ToString();
        await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO revisions (article_id, revision, submission) VALUES (@id, @Revision, @Submission)",
            new { id, submitted.Revision, Submission = JsonSerializer.Serialize(submitted) }, transaction);
        await connection.ExecuteAsync("INSERT OR IGNORE INTO slugs (slug, article_id) VALUES (@Slug, @id)", new { submitted.Slug, id }, transaction);
    }

    private static async Task SaveAsync(IDbConnection connection, IDbTransaction transaction, Guid articleId, ArticleDecision decision)
    {
        var id = articleId.ToString();
        switch (decision)
        {
            case ArticleDecision.Serve { Revision: var submitted } serve:
                await connection.ExecuteAsync(
                    """
                    INSERT INTO articles (id, revision, slug, source, external_id, headline, summary, body, byline, dateline, topics, language, published_at, updated_at)
                    VALUES (@id, @Revision, @Slug, @Source, @ExternalId, @Headline, @Summary, @Body, @Byline, @Dateline, @Topics, @Language, @PublishedAt, @UpdatedAt)
                    ON CONFLICT (id) DO UPDATE SET
                        revision = excluded.revision, slug = excluded.slug, source = excluded.source, external_id = excluded.external_id,
                        headline = excluded.headline, summary = excluded.summary, body = excluded.body, byline = excluded.byline,
                        dateline = excluded.dateline, topics = excluded.topics, language = excluded.language,
                        published_at = excluded.published_at, updated_at = excluded.updated_at
                    """,
                    new
                    {
                        id,
                        submitted.Revision,
                        submitted.Slug,
                        submitted.Source,
                        submitted.ExternalId,
                        submitted.Headline,
                        submitted.Summary,
                        Body = submitted.BodyHtml,
                        submitted.Byline,
                        submitted.Dateline,
                        Topics = JsonSerializer.Serialize(submitted.Topics),
                        submitted.Language,
                        PublishedAt = submitted.PublishedAt.UtcTicks,
                        UpdatedAt = submitted.SubmittedAt.UtcTicks,
                    }, transaction);
                await connection.ExecuteAsync("DELETE FROM article_topics WHERE article_id = @id", new { id }, transaction);
                await connection.ExecuteAsync(
                    "INSERT OR IGNORE INTO article_topics (topic, published_at, article_id) VALUES (@Topic, @PublishedAt, @id)",
                    TopicKey.Keys(submitted.Topics).Select(topic => new { Topic = topic, PublishedAt = submitted.PublishedAt.UtcTicks, id }), transaction);
                await (serve.Replaces
                    ? SqliteOutbox.AddAsync(connection, transaction, new ArticleRevised(serve.Snapshot))
                    : SqliteOutbox.AddAsync(connection, transaction, new ArticlePublished(serve.Snapshot)));
                break;
            case ArticleDecision.Withdraw withdraw:
                await connection.ExecuteAsync(
                    "INSERT INTO articles (id, withdrawn_at) VALUES (@id, @At) ON CONFLICT (id) DO UPDATE SET withdrawn_at = excluded.withdrawn_at",
                    new { id, At = withdraw.Event.WithdrawnAt.UtcTicks }, transaction);
                await connection.ExecuteAsync("DELETE FROM article_topics WHERE article_id = @id", new { id }, transaction);
                await SqliteOutbox.AddAsync(connection, transaction, withdraw.Event);
                break;
            case ArticleDecision.KeepCount count:
                await connection.ExecuteAsync(
                    """
                    INSERT INTO articles (id, votes, votes_sequence) VALUES (@id, @Count, @Sequence)
                    ON CONFLICT (id) DO UPDATE SET votes = excluded.votes, votes_sequence = excluded.votes_sequence
                    """, new { id, count.Count, count.Sequence }, transaction);
                break;
        }
    }

    public Task<IReadOnlyList<ArticleSubmitted>> RevisionsAsync(Guid articleId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ArticleSubmitted>>(async connection =>
        {
            var submissions = await connection.QueryAsync<string>(
                "SELECT submission FROM revisions WHERE article_id = @Id ORDER BY revision", new { Id = articleId.ToString() });
            return submissions.Select(json => JsonSerializer.Deserialize<ArticleSubmitted>(json)!).ToList();
        });

    private sealed record ArticleRow(
        string Id, long Revision, string? Slug, string? Source, string? ExternalId, string? Headline, string? Summary, string? Body,
        string? Byline, string? Dateline, string Topics, string? Language, long? PublishedAt, long? UpdatedAt, long? WithdrawnAt, long Votes);

    public Task<ArticleLookup> FindAsync(string idOrSlug, CancellationToken cancellationToken) =>
        database.ReadAsync<ArticleLookup>(async connection =>
        {
            var id = Guid.TryParse(idOrSlug, out var guid)
                ? guid.ToString()
                : await connection.QuerySingleOrDefaultAsync<string>("SELECT article_id FROM slugs WHERE slug = @idOrSlug", new { idOrSlug });
            var row = id is null ? null : await connection.QuerySingleOrDefaultAsync<ArticleRow>(
                """
                SELECT id, revision, slug, source, external_id AS ExternalId, headline, summary, body, byline, dateline, topics, language,
                       published_at AS PublishedAt, updated_at AS UpdatedAt, withdrawn_at AS WithdrawnAt, votes
                FROM articles WHERE id = @id
                """, new { id });
            if (row is null || (row.Revision == 0 && row.WithdrawnAt is null))
            {
                return new ArticleLookup.Unknown();
            }
            if (row.WithdrawnAt is not null)
            {
                return new ArticleLookup.Withdrawn(Guid.Parse(row.Id));
            }
            return new ArticleLookup.Found(new Article(
                Guid.Parse(row.Id), row.Slug!, (int)row.Revision, row.ExternalId!, row.Source!, row.Headline!, row.Summary, row.Body!,
                row.Byline, row.Dateline, Topics(row.Topics), row.Language!, Time(row.PublishedAt!.Value), Time(row.UpdatedAt!.Value), row.Votes));
        });

    private sealed record SummaryRow(string Id, string Slug, string Headline, string? Summary, string? Dateline, string Topics, long PublishedAt, long UpdatedAt, long Votes);

    public Task<IReadOnlyList<ArticleSummary>> ListAsync(string? topic, int limit, ListPosition? after, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ArticleSummary>>(async connection =>
        {
            var parameters = new
            {
                topic,
                limit,
                AfterTime = after?.PublishedAt.UtcTicks ?? long.MaxValue,
                AfterId = after?.Id.ToString() ?? "~",
            };
            const string columns = "a.id, a.slug, a.headline, a.summary, a.dateline, a.topics, a.published_at AS PublishedAt, a.updated_at AS UpdatedAt, a.votes";
            var sql = topic is null
                ? $"""
                   SELECT {columns} FROM articles a
                   WHERE a.withdrawn_at IS NULL AND a.revision > 0 AND (a.published_at, a.id) < (@AfterTime, @AfterId)
                   ORDER BY a.published_at DESC, a.id DESC LIMIT @limit
                   """
                : $"""
                   SELECT {columns} FROM article_topics t JOIN articles a ON a.id = t.article_id
                   WHERE t.topic = @topic AND a.withdrawn_at IS NULL AND (t.published_at, t.article_id) < (@AfterTime, @AfterId)
                   ORDER BY t.published_at DESC, t.article_id DESC LIMIT @limit
                   """;
            var rows = await connection.QueryAsync<SummaryRow>(sql, parameters);
            return rows.Select(r => new ArticleSummary(
                Guid.Parse(r.Id), r.Slug, r.Headline, r.Summary, r.Dateline, Topics(r.Topics), Time(r.PublishedAt), Time(r.UpdatedAt), r.Votes)).ToList();
        });

    private static IReadOnlyList<string> Topics(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}

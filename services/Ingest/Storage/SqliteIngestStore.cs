using System.Data;
using Dapper;
using Publishing.Contracts;
using Publishing.Ingest.Domain;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.Ingest.Storage;

public sealed class SqliteIngestStore(SqliteDatabase database) : IIngestStore
{
    public static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS articles (
            source TEXT NOT NULL,
            external_id TEXT NOT NULL,
            article_id TEXT NOT NULL UNIQUE,
            revision INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            slug TEXT NOT NULL,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (source, external_id)
        ) WITHOUT ROWID
        """,
    ];

    private sealed record Known(string ArticleId, long Revision, string ContentHash, string Slug, long Withdrawn);

    private const string SelectKnown =
        "SELECT article_id AS ArticleId, revision AS Revision, content_hash AS ContentHash, slug AS Slug, withdrawn AS Withdrawn FROM articles WHERE source = @source AND external_id = @externalId";

    public Task<IReadOnlyList<SubmitOutcome>> SubmitAsync(string source, IReadOnlyList<RevisionSubmission> revisions, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => revisions.EachAsync(revision => SubmitOneAsync(connection, transaction, source, revision)), cancellationToken);

    private static async Task<SubmitOutcome> SubmitOneAsync(IDbConnection connection, IDbTransaction transaction, string source, RevisionSubmission submission)
    {
        var (externalId, revision, contentHash, toEvent) = submission;
        var known = await connection.QuerySingleOrDefaultAsync<Known>(SelectKnown, new { source, externalId }, transaction);
        if (known is not null &&
            IngestRules.Refusal(Guid.Parse(known.ArticleId), known.Revision, known.ContentHash, known.Slug, known.Withdrawn != 0, revision, contentHash) is { } refused)
        {
            return refused;
        }

        var articleId = known is null ? Guid.CreateVersion7() : Guid.Parse(known.ArticleId);
        var submitted = toEvent(articleId);
        await connection.ExecuteAsync(
            """
            INSERT INTO articles (source, external_id, article_id, revision, content_hash, slug)
            VALUES (@source, @externalId, @ArticleId, @revision, @contentHash, @Slug)
            ON CONFLICT (source, external_id) DO UPDATE SET revision = excluded.revision, content_hash = excluded.content_hash, slug = excluded.slug
            """,
            new { source, externalId, ArticleId = articleId.ToString(), revision, contentHash, submitted.Slug }, transaction);
        await SqliteOutbox.AddAsync(connection, transaction, submitted);
        return new SubmitOutcome.Accepted(articleId, submitted.Slug, revision);
    }

    public Task<Guid?> WithdrawAsync(string source, string externalId, Func<Guid, ArticleWithdrawalSubmitted> toEvent, CancellationToken cancellationToken) =>
        database.WriteAsync<Guid?>(async (connection, transaction) =>
        {
            var article = await connection.QuerySingleOrDefaultAsync<Known>(SelectKnown, new { source, externalId }, transaction);
            if (article is null)
            {
                return null;
            }
            var id = Guid.Parse(article.ArticleId);
            if (article.Withdrawn == 0)
            {
                await connection.ExecuteAsync(
                    "UPDATE articles SET withdrawn = 1 WHERE source = @source AND external_id = @externalId",
                    new { source, externalId }, transaction);
                await SqliteOutbox.AddAsync(connection, transaction, toEvent(id));
            }
            return id;
        }, cancellationToken);
}

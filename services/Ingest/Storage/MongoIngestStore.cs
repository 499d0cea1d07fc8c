using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Publishing.Contracts;
using Publishing.Ingest.Domain;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Ingest.Storage;

/// <summary>
/// What Ingest keeps, in MongoDB: one document per (source, externalId), keyed by that pair. A submission (a whole
/// batch of them) or a withdrawal is one multi-document transaction with its outbox events; two that touch the same
/// article collide on its document and the driver retries the later one, which then sees the earlier one's revision,
/// exactly as the SQLite store's single writer does. The unique index on the article id keeps "one id forever".
/// </summary>
public sealed class MongoIngestStore : IIngestStore, IMongoIndexes
{
    public const string ArticlesCollection = "articles";

    private readonly MongoStore _store;

    static MongoIngestStore() => RegisterClassMaps();

    public MongoIngestStore(MongoStore store) => _store = store;

    /// <summary>The natural key: a newsroom's own id for its article.</summary>
    public sealed record ArticleKey(string Source, string ExternalId);

    /// <summary>An article as Ingest knows it: its id, the newest revision and what that revision contained.</summary>
    public sealed record KnownArticle(ArticleKey Id, Guid ArticleId, int Revision, string ContentHash, string Slug, bool Withdrawn);

    public static void RegisterClassMaps()
    {
        MongoConventions.Register();
        BsonClassMap.TryRegisterClassMap<ArticleKey>(map => map.AutoMap());
        BsonClassMap.TryRegisterClassMap<KnownArticle>(map => map.AutoMap());
    }

    private IMongoCollection<KnownArticle> Articles => _store.Collection<KnownArticle>(ArticlesCollection);

    public static FilterDefinition<KnownArticle> Article(string source, string externalId) =>
        Builders<KnownArticle>.Filter.Eq(a => a.Id, new ArticleKey(source, externalId));

    public static UpdateDefinition<KnownArticle> Withdrawal { get; } = Builders<KnownArticle>.Update.Set(a => a.Withdrawn, true);

    public static CreateIndexModel<KnownArticle> OneIdPerArticle { get; } = new(
        Builders<KnownArticle>.IndexKeys.Ascending(a => a.ArticleId),
        new CreateIndexOptions { Unique = true, Name = "one_id_per_article" });

    public Task CreateAsync(MongoStore store, CancellationToken cancellationToken) =>
        store.Collection<KnownArticle>(ArticlesCollection).Indexes.CreateOneAsync(OneIdPerArticle, cancellationToken: cancellationToken);

    public Task<IReadOnlyList<SubmitOutcome>> SubmitAsync(string source, IReadOnlyList<RevisionSubmission> revisions, CancellationToken cancellationToken) =>
        // The outcomes are built afresh on every attempt: the driver runs this again when the transaction is retried.
        _store.WriteAsync((session, ct) => revisions.EachAsync(revision => SubmitOneAsync(session, source, revision, ct)), cancellationToken);

    private async Task<SubmitOutcome> SubmitOneAsync(IClientSessionHandle session, string source, RevisionSubmission submission, CancellationToken cancellationToken)
    {
        var (externalId, revision, contentHash, toEvent) = submission;
        var filter = Article(source, externalId);
        var known = await Articles.Find(session, filter).FirstOrDefaultAsync(cancellationToken);
        if (known is not null && IngestRules.Refusal(known.ArticleId, known.Revision, known.ContentHash, known.Slug, known.Withdrawn, revision, contentHash) is { } refused)
        {
            return refused;
        }

        var articleId = known?.ArticleId ?? Guid.CreateVersion7();
        var submitted = toEvent(articleId);
        await Articles.ReplaceOneAsync(
            session, filter,
            new KnownArticle(new ArticleKey(source, externalId), articleId, revision, contentHash, submitted.Slug, Withdrawn: false),
            new ReplaceOptions { IsUpsert = true }, cancellationToken);
        await MongoOutbox.AddAsync(_store, session, submitted, cancellationToken);
        return new SubmitOutcome.Accepted(articleId, submitted.Slug, revision);
    }

    public Task<Guid?> WithdrawAsync(string source, string externalId, Func<Guid, ArticleWithdrawalSubmitted> toEvent, CancellationToken cancellationToken) =>
        _store.WriteAsync<Guid?>(async (session, ct) =>
        {
            var known = await Articles.Find(session, Article(source, externalId)).FirstOrDefaultAsync(ct);
            if (known is null)
            {
                return null;
            }
            if (!known.Withdrawn)
            {
                await Articles.UpdateOneAsync(session, Article(source, externalId), Withdrawal, cancellationToken: ct);
                await MongoOutbox.AddAsync(_store, session, toEvent(known.ArticleId), ct);
            }
            return known.ArticleId;
        }, cancellationToken);
}
